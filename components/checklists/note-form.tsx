"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** A one-line text the person must fill in (a note, a reason) with a confirm and a cancel. */
export function NoteForm({
  label,
  placeholder,
  confirm,
  busy,
  onSubmit,
  onCancel,
}: {
  label: string;
  placeholder: string;
  confirm: string;
  busy: boolean;
  onSubmit: (text: string) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState("");
  return (
    <form
      className="mt-2 flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(text);
      }}
    >
      <input
        aria-label={label}
        autoFocus
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={placeholder}
        className="min-w-64 flex-1 rounded-md border border-slate-300 px-2.5 py-1 text-sm focus:border-teal-600 focus:ring-1 focus:ring-teal-600 focus:outline-none"
      />
      <Button type="submit" disabled={busy || !text.trim()}>
        {confirm}
      </Button>
      <Button type="button" variant="ghost" onClick={onCancel}>
        Cancel
      </Button>
    </form>
  );
}
