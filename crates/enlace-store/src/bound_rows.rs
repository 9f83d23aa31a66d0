//! Bulk rows as the bound parameters of one multi-row `VALUES` statement,
//! for the two inserts a sync's initial pull repeats a million times (the
//! change log's rows and entities' first rows). Reading each row back out of
//! one JSON parameter ([`crate::json_rows`]) costs SQLite a JSON round trip
//! per row, more than the insert itself; everywhere else that cost is
//! small and one cached statement per shape is worth more.
//!
//! Statements built here vary with their row count, so they are not kept in
//! sqlx's statement cache.

use serde_json::Value;
use sqlx::query_builder::Separated;
use sqlx::{QueryBuilder, Sqlite};

/// Parameters SQLite allows one statement (`SQLITE_MAX_VARIABLE_NUMBER`'s default).
const MAX_PARAMETERS: usize = 32_766;

/// Rows of `columns` values each that fit in one statement.
pub(crate) fn rows_per_statement(columns: usize) -> usize {
    (MAX_PARAMETERS / columns.max(1)).max(1)
}

/// Binds `value` as SQLite's `->>` would read it from JSON: text, integer,
/// real or null, a boolean as 0 or 1, an array or object as its JSON text.
/// So a column reads the same whichever way its row arrived.
pub(crate) fn push_json<'args>(row: &mut Separated<'_, 'args, Sqlite, &'static str>, value: &'args Value) {
    match value {
        Value::Null => row.push_bind(None::<&str>),
        Value::Bool(flag) => row.push_bind(i64::from(*flag)),
        Value::Number(number) => match number.as_i64() {
            Some(integer) => row.push_bind(integer),
            None => row.push_bind(number.as_f64()),
        },
        Value::String(text) => row.push_bind(text.as_str()),
        Value::Array(_) | Value::Object(_) => row.push_bind(value.to_string()),
    };
}

/// `INSERT … (columns) VALUES …` for `rows`, each pushed by `push_row`.
pub(crate) fn insert<'args, T>(
    head: String,
    rows: impl IntoIterator<Item = T>,
    push_row: impl FnMut(Separated<'_, 'args, Sqlite, &'static str>, T),
) -> QueryBuilder<'args, Sqlite> {
    let mut sql = QueryBuilder::new(head);
    sql.push(" ");
    sql.push_values(rows, push_row);
    sql
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use sqlx::{Connection, Row, SqliteConnection};

    use super::*;

    #[test]
    fn a_statement_never_binds_more_than_sqlite_allows() {
        assert_eq!(rows_per_statement(8), 4_095);
        assert!(rows_per_statement(8) * 8 <= MAX_PARAMETERS);
        assert_eq!(rows_per_statement(40_000), 1);
    }

    /// Each JSON value comes out of a bound row as it comes out of `->>`.
    #[tokio::test]
    async fn bound_values_read_as_json_extraction_reads_them() {
        let mut conn = SqliteConnection::connect("sqlite::memory:").await.unwrap();
        sqlx::query("CREATE TABLE t (n INTEGER PRIMARY KEY, bound ANY, extracted ANY) STRICT")
            .execute(&mut conn)
            .await
            .unwrap();
        let values = [
            json!(null),
            json!(true),
            json!(false),
            json!(42),
            json!(-1.5),
            json!("día"),
            json!([1, "a"]),
            json!({"k": null}),
        ];
        let mut sql = insert("INSERT INTO t (n, bound)".into(), values.iter().enumerate(), |mut row, (n, value)| {
            row.push_bind(i64::try_from(n).unwrap());
            push_json(&mut row, value);
        });
        sql.build().persistent(false).execute(&mut conn).await.unwrap();
        for (n, value) in values.iter().enumerate() {
            sqlx::query("UPDATE t SET extracted = ?->>0 WHERE n = ?")
                .bind(json!([value]).to_string())
                .bind(i64::try_from(n).unwrap())
                .execute(&mut conn)
                .await
                .unwrap();
        }
        let rows = sqlx::query("SELECT n, bound IS extracted AND typeof(bound) = typeof(extracted) FROM t ORDER BY n")
            .fetch_all(&mut conn)
            .await
            .unwrap();
        assert_eq!(rows.len(), values.len());
        for row in rows {
            let n: i64 = row.get(0);
            assert!(row.get::<bool, _>(1), "value {n} ({}) reads differently", values[usize::try_from(n).unwrap()]);
        }
    }
}
