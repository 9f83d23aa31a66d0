// An enrollment draft as it is typed: the form saves itself (one request at a time, the latest
// form wins, a refused save tried again), Rust's problems show next to each field once the field
// was left (all of them after a submit), the verbal consent is stamped by Rust, and a submit either
// enrolls, lists the problems, or stops at likely duplicates.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { run, type Result } from "../api";
import {
  commands,
  type AppError,
  type DraftView,
  type DuplicateDecision,
  type EnrollmentForm as Form,
  type EnrollmentSummary,
  type FormProblem,
  type PatientSummary,
} from "../bindings";
import { useReportError } from "../hooks/useReportError";
import type { FieldProblems } from "./enrollmentFields";

const AUTOSAVE_DELAY_MS = 400;
const RETRY_DELAY_MS = 5_000;

export type SaveState = "unsaved" | "saving" | "saved" | "failed";

/** The draft to resume, or a blank form for a new one. */
export type DraftStart = { draft: DraftView } | { blank: Form };

export interface DraftCallbacks {
  onClose: () => void;
  /** The first save created the draft. */
  onDraftCreated: (draftId: string) => void;
  onEnrolled: (patientId: string, summary: EnrollmentSummary, created: boolean) => void;
}

export interface EnrollmentDraft {
  form: Form;
  setForm: (update: (current: Form) => Form) => void;
  /** The last draft Rust saved (its problems, suggested zone, who saved it when). */
  view: DraftView | null;
  saveState: SaveState;
  fieldProblems: FieldProblems;
  /** The problems listed at the top: all of them, once a submit was refused. */
  shownProblems: FormProblem[];
  duplicates: PatientSummary[] | null;
  error: AppError | null;
  recordConsent: () => void;
  submit: (decision: DuplicateDecision | null) => void;
  discard: () => void;
}

export function useEnrollmentDraft(
  start: DraftStart,
  { onClose, onDraftCreated, onEnrolled }: DraftCallbacks,
): EnrollmentDraft {
  const reportError = useReportError();
  const initialForm = "draft" in start ? start.draft.form : start.blank;
  const [form, setForm] = useState<Form>(initialForm);
  const [view, setView] = useState<DraftView | null>("draft" in start ? start.draft : null);
  const [saveState, setSaveState] = useState<SaveState>("draft" in start ? "saved" : "unsaved");
  const [left, setLeft] = useState<ReadonlySet<string>>(() => new Set());
  const [submitted, setSubmitted] = useState(false);
  const [duplicates, setDuplicates] = useState<PatientSummary[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  // Saves and submits run one at a time, each with the draft id the ones before it left, so a
  // first save never creates two drafts.
  const draftId = useRef<string | null>("draft" in start ? start.draft.id : null);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const enqueue = useCallback(<T,>(operation: (draftId: string | null) => Promise<T>): Promise<T> => {
    const next = chain.current.then(
      () => operation(draftId.current),
      () => operation(draftId.current),
    );
    chain.current = next.catch(() => undefined);
    return next;
  }, []);
  const formRef = useRef(form);
  useEffect(() => {
    formRef.current = form;
  }, [form]);
  const savedForm = useRef<Form | null>("draft" in start ? start.draft.form : null);
  const saveQueued = useRef(false);

  const accept = useCallback(
    (result: Result<DraftView>, sent: Form) => {
      if (result.status === "ok") {
        if (draftId.current === null) onDraftCreated(result.data.id);
        draftId.current = result.data.id;
        savedForm.current = sent;
        setView(result.data);
        setSaveState(formRef.current === sent ? "saved" : "saving");
        // The verbal consent is Rust's to set: keep the form in step with it.
        setForm((current) =>
          current.consents.verbal === result.data.form.consents.verbal ||
          JSON.stringify(current.consents.verbal) === JSON.stringify(result.data.form.consents.verbal)
            ? current
            : { ...current, consents: { ...current.consents, verbal: result.data.form.consents.verbal } },
        );
      } else {
        setSaveState("failed");
        reportError(result.error);
      }
    },
    [reportError, onDraftCreated],
  );

  const save = useCallback(() => {
    if (saveQueued.current) return;
    saveQueued.current = true;
    setSaveState("saving");
    void enqueue(async (id) => {
      saveQueued.current = false;
      const sent = formRef.current;
      if (sent === savedForm.current) {
        setSaveState("saved");
        return;
      }
      accept(await run(() => commands.saveEnrollmentDraft(id, sent)), sent);
    });
  }, [accept, enqueue]);

  // Save as the user types: a blank form is not a draft until something is typed in it.
  useEffect(() => {
    if (form === initialForm && savedForm.current === null) return;
    if (form === savedForm.current) return;
    const timer = window.setTimeout(save, AUTOSAVE_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
    };
  }, [form, initialForm, save]);

  // A save refused while the window was locked (or the store busy) is tried again.
  useEffect(() => {
    if (saveState !== "failed") return;
    const timer = window.setTimeout(save, RETRY_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
    };
  }, [saveState, save]);

  const problems: FormProblem[] = useMemo(() => view?.problems ?? [], [view]);
  const fieldProblems: FieldProblems = useMemo(
    () => ({
      shownAt: (path) =>
        submitted || left.has(path) ? problems.find((problem) => problem.field === path) : undefined,
      leave: (path) => {
        setLeft((current) => (current.has(path) ? current : new Set(current).add(path)));
      },
    }),
    [problems, left, submitted],
  );

  const recordConsent = () => {
    void enqueue(async (id) => {
      const sent = formRef.current;
      accept(await run(() => commands.recordEnrollmentConsent(id, sent)), sent);
    });
  };

  const submit = (decision: DuplicateDecision | null) => {
    setError(null);
    void enqueue(async (id) => {
      let sent = formRef.current;
      let draft = id;
      if (draft === null) {
        const saved = await run(() => commands.saveEnrollmentDraft(null, sent));
        accept(saved, sent);
        if (saved.status === "error") return;
        draft = saved.data.id;
        sent = formRef.current;
      }
      const draftIdNow = draft;
      const result = await run(() => commands.submitEnrollment(draftIdNow, sent, decision));
      if (result.status === "error") {
        setError(result.error);
        return;
      }
      const outcome = result.data;
      switch (outcome.kind) {
        case "invalid":
          setSubmitted(true);
          setDuplicates(null);
          setView((current) => (current === null ? current : { ...current, problems: outcome.problems }));
          document.getElementById("enroll-problems")?.focus();
          break;
        case "likely-duplicates":
          setDuplicates(outcome.candidates);
          break;
        case "enrolled":
          onEnrolled(outcome.patientId, outcome.summary, outcome.created);
          break;
      }
    });
  };

  const discard = () => {
    void enqueue(async (id) => {
      if (id !== null) {
        const result = await run(() => commands.discardEnrollmentDraft(id));
        if (result.status === "error") {
          setError(result.error);
          return;
        }
      }
      onClose();
    });
  };

  const shownProblems = submitted ? problems : [];
  return {
    form,
    setForm,
    view,
    saveState,
    fieldProblems,
    shownProblems,
    duplicates,
    error,
    recordConsent,
    submit,
    discard,
  };
}
