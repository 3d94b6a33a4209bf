"use client";

import { type DragEvent, useState } from "react";
import type { VerifyResult } from "@/contracts/reports";
import { Button } from "@/components/ui/button";

type Props = {
  busy: boolean;
  result: VerifyResult | undefined;
  onVerify: (input: { report: Blob; signature: Blob | string }) => void;
};

const dropped = (e: DragEvent) => {
  e.preventDefault();
  return e.dataTransfer.files[0] ?? null;
};

/** Drop (or pick) the report JSON; paste the signature or drop the .sig file. */
export function VerifyForm({ busy, result, onVerify }: Props) {
  const [report, setReport] = useState<File | null>(null);
  const [sigFile, setSigFile] = useState<File | null>(null);
  const [sigText, setSigText] = useState("");
  const signature = sigFile ?? (sigText.trim() ? sigText : null);
  return (
    <form
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        if (report && signature) onVerify({ report, signature });
      }}
    >
      <label
        className="block cursor-pointer rounded-lg border-2 border-dashed border-slate-300 bg-white px-5 py-8 text-center text-sm text-slate-600 hover:border-teal-600"
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => setReport(dropped(e))}
        data-testid="verify-report-drop"
      >
        {report ? (
          <span className="font-medium text-slate-900">{report.name}</span>
        ) : (
          <>Drop the report JSON here, or click to choose it</>
        )}
        <input
          type="file"
          accept="application/json,.json"
          className="sr-only"
          data-testid="verify-report-file"
          onChange={(e) => setReport(e.target.files?.[0] ?? null)}
        />
      </label>
      <div>
        <label htmlFor="verify-signature" className="mb-1 block text-sm font-medium text-slate-700">
          Signature
        </label>
        {sigFile ? (
          <p className="text-sm text-slate-700">
            {sigFile.name}{" "}
            <button type="button" className="text-teal-800 hover:underline" onClick={() => setSigFile(null)}>
              remove
            </button>
          </p>
        ) : (
          <textarea
            id="verify-signature"
            rows={3}
            value={sigText}
            onChange={(e) => setSigText(e.target.value)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => setSigFile(dropped(e))}
            placeholder="Paste the base64 signature (X-Ferry-Signature), or drop a report.sig file"
            className="w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-xs"
          />
        )}
      </div>
      <Button type="submit" disabled={busy || !report || !signature}>
        {busy ? "Verifying…" : "Verify"}
      </Button>
      {result && (
        <div
          data-testid="verify-result"
          className={`rounded-lg border px-5 py-4 ${result.valid ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-red-200 bg-red-50 text-red-900"}`}
        >
          <p className="text-lg font-semibold">{result.valid ? "Valid signature" : "Invalid"}</p>
          <p className="mt-1 text-sm">{result.reason}</p>
          <p className="mt-2 font-mono text-xs break-all">
            SHA-256 {result.sha256}
            {result.keyId ? ` · key ${result.keyId}` : ""}
          </p>
        </div>
      )}
    </form>
  );
}
