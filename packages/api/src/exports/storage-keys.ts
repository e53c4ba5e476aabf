/** Where export files live: `exports/<jobId>/<type>-<yyyymmdd-hhmm>.<ext>`, ids and dates only, one prefix per job. */
export const exportPrefix = (jobId: string): string => `exports/${jobId}/`;

export function artifactKey(jobId: string, stem: string, extension: string, at: Date): string {
  const stamp = at.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `${exportPrefix(jobId)}${stem}-${stamp}.${extension}`;
}
