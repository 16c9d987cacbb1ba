/**
 * Where the CLI points people: the guides by URL, so a footer works for someone who
 * installed nubes from a tarball as well as for someone in a clone.
 */

/** The guides' base URL: the docs/ folder of the repository package.json names. */
export const DOCS_BASE = 'https://github.com/nubes-js/nubes/blob/main/docs/';

/** The URL of a guide (`cli.md`), optionally at an anchor. */
export function docsUrl(page: string, anchor?: string): string {
  return `${DOCS_BASE}${page}${anchor ? `#${anchor}` : ''}`;
}
