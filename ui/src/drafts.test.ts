import { describe, expect, it } from "vitest";
import { clearDrafts, discardDrafts, readDraft, writeDraft } from "./drafts";

describe("drafts", () => {
  it("discard one form's fields by their prefix, and nothing else", () => {
    writeDraft("call:p1:notes", "call back after lunch");
    writeDraft("call:p1:started-at", new Date(0));
    writeDraft("call:p10:notes", "another patient");
    writeDraft("flag:p1:note", "moved away");

    discardDrafts("call:p1:");

    expect(readDraft("call:p1:notes")).toBeUndefined();
    expect(readDraft("call:p1:started-at")).toBeUndefined();
    expect(readDraft("call:p10:notes")).toBe("another patient");
    expect(readDraft("flag:p1:note")).toBe("moved away");
  });

  it("are all forgotten at once (another screen, sign-out, another user)", () => {
    writeDraft("call:p1:notes", "call back after lunch");
    writeDraft("exception:e1:note", "reached by text");
    clearDrafts();
    expect(readDraft("call:p1:notes")).toBeUndefined();
    expect(readDraft("exception:e1:note")).toBeUndefined();
  });
});
