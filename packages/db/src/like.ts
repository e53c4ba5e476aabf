/** LIKE patterns from user text: wildcards in the text are matched literally. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `%text%`, lower-cased: pair with lower(column) LIKE. */
export const containsPattern = (text: string): string => `%${escapeLike(text.toLowerCase())}%`;

/** `text%`: a prefix match. */
export const prefixPattern = (text: string): string => `${escapeLike(text)}%`;
