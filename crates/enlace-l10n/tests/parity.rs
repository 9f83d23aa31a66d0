//! Locale parity: every .ftl file parses without junk, and en-US and es-US
//! define the same messages with the same attributes and variables, so no
//! screen ever falls back to a message id in one language only.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use enlace_l10n::{Language, sources};
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

/// message id (or "-term") → (attribute names, variable names used anywhere in it)
type Shape = BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>;

fn locales_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../locales")
}

fn ftl_files(tag: &str) -> BTreeMap<String, String> {
    std::fs::read_dir(locales_dir().join(tag))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ftl"))
        .map(|path| (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&path).unwrap()))
        .collect()
}

fn variables_in_pattern(pattern: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            variables_in_expression(expression, out);
        }
    }
}

fn variables_in_expression(expression: &Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        Expression::Select { selector, variants } => {
            variables_in_inline(selector, out);
            for variant in variants {
                variables_in_pattern(&variant.value, out);
            }
        }
        Expression::Inline(inline) => variables_in_inline(inline, out),
    }
}

fn variables_in_inline(inline: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        InlineExpression::FunctionReference { arguments, .. }
        | InlineExpression::TermReference { arguments: Some(arguments), .. } => {
            arguments.positional.iter().for_each(|argument| variables_in_inline(argument, out));
            arguments.named.iter().for_each(|argument| variables_in_inline(&argument.value, out));
        }
        InlineExpression::Placeable { expression } => variables_in_expression(expression, out),
        _ => {}
    }
}

fn shape_of(tag: &str, file: &str, source: &str) -> Shape {
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(resource) => resource,
        Err((_, errors)) => panic!("{tag}/{file} has syntax errors: {errors:?}"),
    };
    let mut shape = Shape::new();
    for entry in &resource.body {
        let (id, value, attributes) = match entry {
            Entry::Message(message) => (message.id.name.to_owned(), message.value.as_ref(), &message.attributes),
            Entry::Term(term) => (format!("-{}", term.id.name), Some(&term.value), &term.attributes),
            Entry::Junk { content } => panic!("{tag}/{file} has junk: {content}"),
            _ => continue,
        };
        let mut variables = BTreeSet::new();
        if let Some(value) = value {
            variables_in_pattern(value, &mut variables);
        }
        let mut names = BTreeSet::new();
        for attribute in attributes {
            names.insert(attribute.id.name.to_owned());
            variables_in_pattern(&attribute.value, &mut variables);
        }
        assert!(shape.insert(id.clone(), (names, variables)).is_none(), "{tag}/{file} defines {id} twice");
    }
    shape
}

#[test]
fn english_and_spanish_define_the_same_messages_attributes_and_variables() {
    let english = ftl_files("en-US");
    let spanish = ftl_files("es-US");
    assert!(!english.is_empty());
    assert_eq!(english.keys().collect::<Vec<_>>(), spanish.keys().collect::<Vec<_>>(), "same files in both locales");
    for (file, english_source) in &english {
        let en = shape_of("en-US", file, english_source);
        let es = shape_of("es-US", file, &spanish[file]);
        let only_en: Vec<_> = en.keys().filter(|id| !es.contains_key(*id)).collect();
        let only_es: Vec<_> = es.keys().filter(|id| !en.contains_key(*id)).collect();
        assert!(
            only_en.is_empty() && only_es.is_empty(),
            "{file}: only in en-US {only_en:?}; only in es-US {only_es:?}"
        );
        for (id, (attributes, variables)) in &en {
            let (es_attributes, es_variables) = &es[id];
            assert_eq!(attributes, es_attributes, "{file}: attributes of {id}");
            assert_eq!(variables, es_variables, "{file}: variables of {id}");
        }
    }
}

#[test]
fn the_embedded_sources_are_exactly_the_files_on_disk() {
    for language in Language::ALL {
        let on_disk = ftl_files(language.tag());
        let embedded: BTreeMap<String, String> =
            sources(language).iter().map(|(name, text)| ((*name).to_owned(), (*text).to_owned())).collect();
        assert_eq!(embedded, on_disk, "{}: update enlace_l10n::sources when adding an .ftl file", language.tag());
    }
}
