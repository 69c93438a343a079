/** What a nomination is called wherever it is shown or emailed, even before it has a title. */
export const UNTITLED_NOMINATION = "Untitled nomination";

export function nominationTitle(n: { title: string | null | undefined }): string {
  return n.title?.trim() || UNTITLED_NOMINATION;
}
