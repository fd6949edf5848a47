"""Contains all the data models used in inputs/outputs"""

from .account_delete import AccountDelete
from .auth_result import AuthResult
from .auth_result_token_type import AuthResultTokenType
from .comment import Comment
from .comment_create import CommentCreate
from .comment_page import CommentPage
from .error import Error
from .error_errors import ErrorErrors
from .error_errors_additional_property_type_1 import ErrorErrorsAdditionalPropertyType1
from .error_errors_additional_property_type_1_additional_property_type_1 import (
    ErrorErrorsAdditionalPropertyType1AdditionalPropertyType1,
)
from .follow_state import FollowState
from .health import Health
from .like_state import LikeState
from .login import Login
from .logout import Logout
from .me import Me
from .password_change import PasswordChange
from .profile_update import ProfileUpdate
from .register import Register
from .token_pair import TokenPair
from .token_pair_token_type import TokenPairTokenType
from .upload import Upload
from .upload_complete import UploadComplete
from .upload_content_type import UploadContentType
from .upload_create import UploadCreate
from .upload_create_content_type import UploadCreateContentType
from .upload_part import UploadPart
from .upload_status import UploadStatus
from .user import User
from .user_page import UserPage
from .user_summary import UserSummary
from .user_summary_page import UserSummaryPage
from .video import Video
from .video_link import VideoLink
from .video_page import VideoPage
from .video_status import VideoStatus
from .video_update import VideoUpdate
from .video_upload_doc import VideoUploadDoc

__all__ = (
    "AccountDelete",
    "AuthResult",
    "AuthResultTokenType",
    "Comment",
    "CommentCreate",
    "CommentPage",
    "Error",
    "ErrorErrors",
    "ErrorErrorsAdditionalPropertyType1",
    "ErrorErrorsAdditionalPropertyType1AdditionalPropertyType1",
    "FollowState",
    "Health",
    "LikeState",
    "Login",
    "Logout",
    "Me",
    "PasswordChange",
    "ProfileUpdate",
    "Register",
    "TokenPair",
    "TokenPairTokenType",
    "Upload",
    "UploadComplete",
    "UploadContentType",
    "UploadCreate",
    "UploadCreateContentType",
    "UploadPart",
    "UploadStatus",
    "User",
    "UserPage",
    "UserSummary",
    "UserSummaryPage",
    "Video",
    "VideoLink",
    "VideoPage",
    "VideoStatus",
    "VideoUpdate",
    "VideoUploadDoc",
)
