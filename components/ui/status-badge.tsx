import { Badge, type Tone } from "./badge";

const TONES: Record<string, Tone> = {
  queued: "grey",
  pending: "grey",
  running: "blue",
  copying: "blue",
  copied: "blue",
  verifying: "violet",
  succeeded: "green",
  verified: "green",
  failed: "red",
  mismatch: "red",
  cancelled: "amber",
};

export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <Badge tone={TONES[status] ?? "grey"} testId={testId}>
      {status}
    </Badge>
  );
}
