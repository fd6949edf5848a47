"""Contains all the data models used in inputs/outputs"""

from .accepted import Accepted
from .accepted_status import AcceptedStatus
from .account_delete import AccountDelete
from .api_index import ApiIndex
from .auth_result import AuthResult
from .auth_result_token_type import AuthResultTokenType
from .bookmark_state import BookmarkState
from .comment import Comment
from .comment_create import CommentCreate
from .comment_like_state import CommentLikeState
from .comment_page import CommentPage
from .email_verify import EmailVerify
from .error import Error
from .error_errors import ErrorErrors
from .error_errors_additional_property_type_1 import ErrorErrorsAdditionalPropertyType1
from .error_errors_additional_property_type_1_additional_property_type_1 import (
    ErrorErrorsAdditionalPropertyType1AdditionalPropertyType1,
)
from .export import Export
from .export_status import ExportStatus
from .follow_state import FollowState
from .hashtag import Hashtag
from .health import Health
from .like_state import LikeState
from .login import Login
from .logout import Logout
from .mark_read import MarkRead
from .me import Me
from .notification import Notification
from .notification_comment import NotificationComment
from .notification_page import NotificationPage
from .notification_type import NotificationType
from .notification_video import NotificationVideo
from .password_change import PasswordChange
from .password_reset_confirm import PasswordResetConfirm
from .password_reset_request import PasswordResetRequest
from .profile_update import ProfileUpdate
from .register import Register
from .share import Share
from .token_pair import TokenPair
from .token_pair_token_type import TokenPairTokenType
from .trending import Trending
from .trending_hashtag import TrendingHashtag
from .unread_count import UnreadCount
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
    "Accepted",
    "AcceptedStatus",
    "AccountDelete",
    "ApiIndex",
    "AuthResult",
    "AuthResultTokenType",
    "BookmarkState",
    "Comment",
    "CommentCreate",
    "CommentLikeState",
    "CommentPage",
    "EmailVerify",
    "Error",
    "ErrorErrors",
    "ErrorErrorsAdditionalPropertyType1",
    "ErrorErrorsAdditionalPropertyType1AdditionalPropertyType1",
    "Export",
    "ExportStatus",
    "FollowState",
    "Hashtag",
    "Health",
    "LikeState",
    "Login",
    "Logout",
    "MarkRead",
    "Me",
    "Notification",
    "NotificationComment",
    "NotificationPage",
    "NotificationType",
    "NotificationVideo",
    "PasswordChange",
    "PasswordResetConfirm",
    "PasswordResetRequest",
    "ProfileUpdate",
    "Register",
    "Share",
    "TokenPair",
    "TokenPairTokenType",
    "Trending",
    "TrendingHashtag",
    "UnreadCount",
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
