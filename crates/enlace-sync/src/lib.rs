//! Enlace's sync protocol, shared by the app's store, the sync client and
//! the server: which entities and fields sync ([`schema`]), the messages
//! ([`wire`]), and the pure rules — merging field by field ([`merge`]), who
//! may push what ([`authorize`]), consult conflicts ([`consults`]), the
//! domain's rules on a contact or a task as a change carries them
//! ([`record_rules`]) and the
//! server's decision on a push ([`decide`]). No I/O here; each side wraps
//! these rules with its own storage and transport.

#[cfg(feature = "arbitrary")]
pub mod arbitrary;
pub mod authorize;
pub mod consults;
pub mod decide;
pub mod merge;
pub mod record_rules;
pub mod schema;
pub mod value_rules;
pub mod wire;

pub use authorize::{Requirement, permitted, requirement};
pub use decide::{Decision, Held, MAX_STAMP_AHEAD_MS, ProvenUser, Pusher, decide, users_from};
pub use merge::{fold, fold_all, values};
pub use schema::Entity;
pub use wire::{
    ApiError, ApiErrorCode, AuditHead, Change, CredentialRequest, CredentialResponse, DeviceInfo, DeviceStatus,
    IntakeRequest, InvalidChange, PullResponse, PushRequest, PushResponse, RegisterRequest, RegisterResponse,
    RejectReason, Rejection, Secret, ServerUser, UPDATE_SIGNATURE_HEADER, USER_CREDENTIAL_HEADER, WebRequestKind,
};
