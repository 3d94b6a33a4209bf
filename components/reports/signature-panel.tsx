import Link from "next/link";
import type { ReportSignature } from "@/contracts/reports";

/** What an auditor needs to check the report's JSON offline: its SHA-256, the signature and the key. */
export function SignaturePanel({ signature }: { signature: ReportSignature }) {
  return (
    <div
      className="space-y-2 rounded-lg border border-slate-200 bg-white px-5 py-4 text-sm shadow-sm"
      data-testid="report-signature"
    >
      <p className="font-medium text-slate-800">Signed with {signature.algorithm}</p>
      <dl className="grid gap-x-6 gap-y-1.5 sm:grid-cols-[9rem_1fr]">
        <dt className="text-slate-500">Report SHA-256</dt>
        <dd className="font-mono text-xs break-all text-slate-800">{signature.sha256}</dd>
        <dt className="text-slate-500">Signature (base64)</dt>
        <dd className="font-mono text-xs break-all text-slate-800" data-testid="report-signature-value">
          {signature.signature}
        </dd>
        <dt className="text-slate-500">Key id</dt>
        <dd className="font-mono text-xs text-slate-800" data-testid="report-key-id">
          {signature.keyId}
        </dd>
      </dl>
      <p className="text-xs text-slate-500">
        The signature covers the JSON download byte for byte. Check it on the{" "}
        <Link href="/verify" className="text-teal-800 hover:underline">
          Verify page
        </Link>{" "}
        or offline with openssl and{" "}
        <a
          href={`/api/signing-key?format=pem&keyId=${encodeURIComponent(signature.keyId)}`}
          className="text-teal-800 hover:underline"
        >
          Ferry&apos;s public key
        </a>
        .
      </p>
    </div>
  );
}
