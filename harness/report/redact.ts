const PRIVATE_KEY_PEM = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;

/** Replaces any PEM private key block in text, so no report format ever prints a private key. */
export function redactPrivateKeys(text: string): string {
  return text.includes('PRIVATE KEY-----') ? text.replace(PRIVATE_KEY_PEM, '[private key redacted]') : text;
}
