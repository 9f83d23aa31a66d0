//! Follow-up tasks: create one, take a step on it, "My tasks", whom a task
//! can be given to, and the overdue ones on the supervisor's desk.

use enlace_app::{MyTasks, NewTaskInput, TaskPerson, TaskRow};
use enlace_domain::TaskStep;

use super::*;

#[tauri::command]
#[specta::specta]
pub async fn create_task(state: State<'_, AppState>, task: NewTaskInput) -> Result<TaskRow, AppError> {
    let actor = state.actor().await?;
    state.app().await?.create_task(&actor, task, Utc::now()).await
}

#[tauri::command]
#[specta::specta]
pub async fn take_task_step(
    state: State<'_, AppState>,
    task_id: EntityId,
    step: TaskStep,
) -> Result<TaskRow, AppError> {
    let actor = state.actor().await?;
    state.app().await?.take_task_step(&actor, task_id, step, Utc::now()).await
}

#[tauri::command]
#[specta::specta]
pub async fn my_tasks(state: State<'_, AppState>) -> Result<MyTasks, AppError> {
    let actor = state.actor().await?;
    state.app().await?.my_tasks(&actor, Utc::now()).await
}

#[tauri::command]
#[specta::specta]
pub async fn task_people(state: State<'_, AppState>) -> Result<Vec<TaskPerson>, AppError> {
    let actor = state.actor().await?;
    state.app().await?.task_people(&actor).await
}

#[tauri::command]
#[specta::specta]
pub async fn escalated_tasks(state: State<'_, AppState>) -> Result<Vec<TaskRow>, AppError> {
    let actor = state.actor().await?;
    state.app().await?.escalated_tasks(&actor, Utc::now()).await
}
