import { move, transferableSymbol, valueSymbol } from "piscina";
import { renderPage, type PageResult, type PageTask } from "./render-page";

/**
 * Piscina worker entry. The page's bytes are moved to the main thread, not cloned: a clone leaves the
 * original (external memory) to this thread's garbage collector, which runs rarely here, and the dead pages
 * of every thread then add up to tens of MiB of RSS.
 */
export default function render(task: PageTask): PageResult {
  const result = renderPage(task);
  const whole = result.bytes.byteOffset === 0 && result.bytes.byteLength === result.bytes.buffer.byteLength;
  const bytes = whole ? result.bytes : new Uint8Array(result.bytes);
  return move({
    [transferableSymbol]: [bytes.buffer],
    [valueSymbol]: { ...result, bytes },
  }) as unknown as PageResult;
}
