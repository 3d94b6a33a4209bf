import { renderPage, type PageResult, type PageTask } from "./render-page";

// Piscina worker entry. The page (~150 KB) is cloned to the main thread: microseconds, next to rendering it.
export default function render(task: PageTask): PageResult {
  return renderPage(task);
}
