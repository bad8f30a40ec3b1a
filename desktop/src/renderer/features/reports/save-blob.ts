// Hands a downloaded file to the browser's (or Electron's) download machinery: an object URL on
// a temporary <a download> element, clicked, then revoked. The bytes were fetched by the app's
// HttpClient with the bearer token, because a plain link to the API would carry no credential.
// Known limit: the URL is revoked a minute later rather than when the save finishes (the page is
// never told), which is ample for a local save.

const REVOKE_AFTER_MS = 60_000;

/** Saves `blob` as `fileName` through the platform's download flow. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
