"""Contains all the data models used in inputs/outputs"""

from .accepted import Accepted
from .accepted_status import AcceptedStatus
from .account_delete import AccountDelete
from .api_index import ApiIndex
from .approval import Approval
from .audit_entry import AuditEntry
from .audit_entry_page import AuditEntryPage
from .audit_target import AuditTarget
from .audit_target_type import AuditTargetType
from .auth_result import AuthResult
from .auth_result_token_type import AuthResultTokenType
from .block_state import BlockState
from .blocked_term import BlockedTerm
from .blocked_term_create import BlockedTermCreate
from .blocked_term_page import BlockedTermPage
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
from .health_database import HealthDatabase
from .health_object_storage import HealthObjectStorage
from .health_redis import HealthRedis
from .health_status import HealthStatus
from .health_task_queue import HealthTaskQueue
from .health_unavailable import HealthUnavailable
from .health_unavailable_code import HealthUnavailableCode
from .health_unavailable_database import HealthUnavailableDatabase
from .health_unavailable_object_storage import HealthUnavailableObjectStorage
from .health_unavailable_redis import HealthUnavailableRedis
from .health_unavailable_status import HealthUnavailableStatus
from .health_unavailable_task_queue import HealthUnavailableTaskQueue
from .instance import Instance
from .like_state import LikeState
from .limits import Limits
from .list_moderation_queue_status import ListModerationQueueStatus
from .login import Login
from .logout import Logout
from .mark_read import MarkRead
from .me import Me
from .me_role import MeRole
from .mod_report import ModReport
from .mod_report_action_type_1 import ModReportActionType1
from .mod_report_action_type_2_type_1 import ModReportActionType2Type1
from .mod_report_action_type_3_type_1 import ModReportActionType3Type1
from .mod_report_page import ModReportPage
from .mod_report_reason import ModReportReason
from .mod_report_status import ModReportStatus
from .mute_state import MuteState
from .notification import Notification
from .notification_comment import NotificationComment
from .notification_page import NotificationPage
from .notification_type import NotificationType
from .notification_video import NotificationVideo
from .password_change import PasswordChange
from .password_reset_confirm import PasswordResetConfirm
from .password_reset_request import PasswordResetRequest
from .profile_update import ProfileUpdate
from .reason import Reason
from .register import Register
from .removal_state import RemovalState
from .report import Report
from .report_action_type_1 import ReportActionType1
from .report_action_type_2_type_1 import ReportActionType2Type1
from .report_action_type_3_type_1 import ReportActionType3Type1
from .report_create import ReportCreate
from .report_create_reason import ReportCreateReason
from .report_page import ReportPage
from .report_reason import ReportReason
from .report_status import ReportStatus
from .report_target import ReportTarget
from .report_target_type import ReportTargetType
from .resolve import Resolve
from .resolve_action import ResolveAction
from .share import Share
from .snapshot import Snapshot
from .suspension_create import SuspensionCreate
from .suspension_state import SuspensionState
from .target import Target
from .target_type import TargetType
from .terms_acceptance import TermsAcceptance
from .token_pair import TokenPair
from .token_pair_token_type import TokenPairTokenType
from .trending import Trending
from .trending_hashtag import TrendingHashtag
from .unread_count import UnreadCount
from .upload import Upload
from .upload_complete import UploadComplete
from .upload_complete_visibility import UploadCompleteVisibility
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
from .video_link_visibility import VideoLinkVisibility
from .video_page import VideoPage
from .video_status import VideoStatus
from .video_update import VideoUpdate
from .video_update_visibility import VideoUpdateVisibility
from .video_upload_doc import VideoUploadDoc
from .video_upload_doc_visibility import VideoUploadDocVisibility
from .video_visibility import VideoVisibility

__all__ = (
    "Accepted",
    "AcceptedStatus",
    "AccountDelete",
    "ApiIndex",
    "Approval",
    "AuditEntry",
    "AuditEntryPage",
    "AuditTarget",
    "AuditTargetType",
    "AuthResult",
    "AuthResultTokenType",
    "BlockedTerm",
    "BlockedTermCreate",
    "BlockedTermPage",
    "BlockState",
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
    "HealthDatabase",
    "HealthObjectStorage",
    "HealthRedis",
    "HealthStatus",
    "HealthTaskQueue",
    "HealthUnavailable",
    "HealthUnavailableCode",
    "HealthUnavailableDatabase",
    "HealthUnavailableObjectStorage",
    "HealthUnavailableRedis",
    "HealthUnavailableStatus",
    "HealthUnavailableTaskQueue",
    "Instance",
    "LikeState",
    "Limits",
    "ListModerationQueueStatus",
    "Login",
    "Logout",
    "MarkRead",
    "Me",
    "MeRole",
    "ModReport",
    "ModReportActionType1",
    "ModReportActionType2Type1",
    "ModReportActionType3Type1",
    "ModReportPage",
    "ModReportReason",
    "ModReportStatus",
    "MuteState",
    "Notification",
    "NotificationComment",
    "NotificationPage",
    "NotificationType",
    "NotificationVideo",
    "PasswordChange",
    "PasswordResetConfirm",
    "PasswordResetRequest",
    "ProfileUpdate",
    "Reason",
    "Register",
    "RemovalState",
    "Report",
    "ReportActionType1",
    "ReportActionType2Type1",
    "ReportActionType3Type1",
    "ReportCreate",
    "ReportCreateReason",
    "ReportPage",
    "ReportReason",
    "ReportStatus",
    "ReportTarget",
    "ReportTargetType",
    "Resolve",
    "ResolveAction",
    "Share",
    "Snapshot",
    "SuspensionCreate",
    "SuspensionState",
    "Target",
    "TargetType",
    "TermsAcceptance",
    "TokenPair",
    "TokenPairTokenType",
    "Trending",
    "TrendingHashtag",
    "UnreadCount",
    "Upload",
    "UploadComplete",
    "UploadCompleteVisibility",
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
    "VideoLinkVisibility",
    "VideoPage",
    "VideoStatus",
    "VideoUpdate",
    "VideoUpdateVisibility",
    "VideoUploadDoc",
    "VideoUploadDocVisibility",
    "VideoVisibility",
)
