/**
 * DfE language codes for the languages most often recorded in England and Wales, so a CTF's `Language` code
 * becomes the name a handover form shows. Codes not listed here are kept as written.
 */
export const CTF_LANGUAGES: Readonly<Record<string, string>> = Object.freeze({
  ENG: 'English',
  WEL: 'Welsh',
  POL: 'Polish',
  URD: 'Urdu',
  RMN: 'Romanian',
  ARA: 'Arabic',
  POR: 'Portuguese',
  PNJ: 'Panjabi',
  BNG: 'Bengali',
  SOM: 'Somali',
  GUJ: 'Gujarati',
  TUR: 'Turkish',
  FRN: 'French',
  SPA: 'Spanish',
  LIT: 'Lithuanian',
  ITA: 'Italian',
  TAM: 'Tamil',
});

/** The language name for a DfE code, or the code itself when it is not in {@link CTF_LANGUAGES}. */
export function languageName(code: string): string {
  return CTF_LANGUAGES[code.toUpperCase()] ?? code;
}

/** The DfE code for a language name (any case), or the name itself when it has no code here. */
export function languageCode(name: string): string {
  const wanted = name.trim().toLowerCase();
  for (const [code, n] of Object.entries(CTF_LANGUAGES)) if (n.toLowerCase() === wanted) return code;
  return name.trim();
}
