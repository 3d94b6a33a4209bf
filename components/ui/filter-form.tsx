import { Button } from "./button";

/** A card of filter fields applied on submit (not per keystroke), with Apply and Clear. */
export function FilterForm({
  onApply,
  onClear,
  columns = "sm:grid-cols-2 lg:grid-cols-4",
  children,
}: {
  onApply: () => void;
  onClear: () => void;
  columns?: string;
  children: React.ReactNode;
}) {
  return (
    <form
      className="mb-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      onSubmit={(e) => {
        e.preventDefault();
        onApply();
      }}
    >
      <div className={`grid gap-3 ${columns}`}>{children}</div>
      <div className="mt-3 flex gap-2">
        <Button type="submit">Apply filters</Button>
        <Button type="button" variant="ghost" onClick={onClear}>
          Clear
        </Button>
      </div>
    </form>
  );
}
