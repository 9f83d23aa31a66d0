//! Who may do what: the roles a user holds and the one table of the actions
//! each role permits. The application layer checks every command against
//! [`permits`] before it touches the store; the window only hides what a
//! user may not do, it never decides.

use serde::{Deserialize, Serialize};

/// A user's job in the pharmacy. A user holds one or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Coordinator,
    Pharmacist,
    /// Also administers users and settings.
    Supervisor,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Coordinator, Role::Pharmacist, Role::Supervisor];
}

/// Something a signed-in user asks Enlace to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Open a patient's record, search patients, see the call list.
    ViewPatients,
    /// Document a call (refill reminders, callbacks).
    RecordCall,
    /// Import the pharmacy system's refill report.
    ImportRefills,
    /// Export the day's list and outcomes.
    ExportCalls,
    /// Ask a pharmacist for a consult.
    RequestConsult,
    /// Accept or decline a consult into one's schedule.
    AnswerConsult,
    /// Enroll a new patient.
    EnrollPatient,
    /// Correct a patient's contact record (numbers, language, zone, hours,
    /// whether the pharmacy still serves them).
    EditPatient,
    /// Create, complete, reassign, snooze and cancel follow-up tasks.
    WorkTasks,
    /// Work the exception queue.
    WorkExceptions,
    /// See every coordinator's productivity and the team's adherence list
    /// (each coordinator sees their own figures).
    ViewTeamReports,
    /// Add, disable and re-enable users; reset passwords.
    ManageUsers,
    /// Change the pharmacy's settings.
    ManageSettings,
    /// Read the audit trail.
    ViewAudit,
}

/// The table: for each action, the roles that may take it.
const PERMISSIONS: &[(Action, &[Role])] = {
    use Role::{Coordinator as C, Pharmacist as P, Supervisor as S};
    &[
        (Action::ViewPatients, &[C, P, S]),
        (Action::RecordCall, &[C, P, S]),
        (Action::ImportRefills, &[C, S]),
        (Action::ExportCalls, &[C, S]),
        (Action::RequestConsult, &[C, S]),
        (Action::AnswerConsult, &[P]),
        (Action::EnrollPatient, &[C, S]),
        (Action::EditPatient, &[C, S]),
        (Action::WorkTasks, &[C, P, S]),
        (Action::WorkExceptions, &[S]),
        (Action::ViewTeamReports, &[S]),
        (Action::ManageUsers, &[S]),
        (Action::ManageSettings, &[S]),
        (Action::ViewAudit, &[S]),
    ]
};

/// Whether a user holding `roles` may take `action`.
pub fn permits(roles: &[Role], action: Action) -> bool {
    PERMISSIONS
        .iter()
        .find(|(listed, _)| *listed == action)
        .is_some_and(|(_, allowed)| roles.iter().any(|role| allowed.contains(role)))
}

/// Every action `roles` permit, in the table's order: what the window offers
/// the signed-in user (each command checks again).
pub fn permitted_actions(roles: &[Role]) -> Vec<Action> {
    PERMISSIONS.iter().map(|(action, _)| *action).filter(|action| permits(roles, *action)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVERY_ACTION: [Action; 14] = [
        Action::ViewPatients,
        Action::RecordCall,
        Action::ImportRefills,
        Action::ExportCalls,
        Action::RequestConsult,
        Action::AnswerConsult,
        Action::EnrollPatient,
        Action::EditPatient,
        Action::WorkTasks,
        Action::WorkExceptions,
        Action::ViewTeamReports,
        Action::ManageUsers,
        Action::ManageSettings,
        Action::ViewAudit,
    ];

    #[test]
    fn every_action_is_in_the_table_once() {
        for action in EVERY_ACTION {
            let rows = PERMISSIONS.iter().filter(|(listed, _)| *listed == action).count();
            assert_eq!(rows, 1, "{action:?}");
        }
        assert_eq!(PERMISSIONS.len(), EVERY_ACTION.len());
    }

    #[test]
    fn only_pharmacists_answer_consults() {
        assert!(permits(&[Role::Pharmacist], Action::AnswerConsult));
        assert!(!permits(&[Role::Coordinator], Action::AnswerConsult));
        assert!(!permits(&[Role::Supervisor], Action::AnswerConsult));
        assert!(permits(&[Role::Supervisor, Role::Pharmacist], Action::AnswerConsult));
    }

    #[test]
    fn only_supervisors_manage_users_settings_exceptions_reports_and_audit() {
        for action in [
            Action::ManageUsers,
            Action::ManageSettings,
            Action::WorkExceptions,
            Action::ViewTeamReports,
            Action::ViewAudit,
        ] {
            assert!(permits(&[Role::Supervisor], action), "{action:?}");
            assert!(!permits(&[Role::Coordinator, Role::Pharmacist], action), "{action:?}");
        }
    }

    #[test]
    fn a_user_without_roles_may_do_nothing() {
        assert!(EVERY_ACTION.iter().all(|action| !permits(&[], *action)));
    }

    #[test]
    fn coordinators_work_calls_but_do_not_answer_consults() {
        for action in [Action::ViewPatients, Action::RecordCall, Action::ImportRefills, Action::RequestConsult] {
            assert!(permits(&[Role::Coordinator], action), "{action:?}");
        }
    }

    #[test]
    fn the_actions_offered_are_exactly_those_permitted() {
        for roles in
            [&[Role::Coordinator][..], &[Role::Pharmacist], &[Role::Supervisor], &[Role::Coordinator, Role::Pharmacist]]
        {
            let offered = permitted_actions(roles);
            for (action, _) in PERMISSIONS {
                assert_eq!(offered.contains(action), permits(roles, *action), "{roles:?} {action:?}");
            }
        }
        assert!(permitted_actions(&[]).is_empty());
        assert!(!permitted_actions(&[Role::Pharmacist]).contains(&Action::ViewAudit));
    }
}
