/**
 * Whether a sign-up's e-mail belongs to the stage's test domain (`TEST_EMAIL_DOMAIN`, e.g.
 * `e2e.dev.invalid`): the exact domain, case-insensitive, never a subdomain or a look-alike suffix.
 */
export function isTestAddress(email: string | undefined, testDomain: string): boolean {
  if (!email || !testDomain) return false;
  const at = email.lastIndexOf('@');
  return at > 0 && email.slice(at + 1).toLowerCase() === testDomain.toLowerCase();
}
