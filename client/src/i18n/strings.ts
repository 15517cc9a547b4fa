/**
 * A strings module's English: exactly the keys of its Chinese (`typeof zh`), so tsc refuses a key that is missing
 * from either language or spelled differently in one.
 */
export type Translation<Zh> = Record<keyof Zh, string>;
