/**
 * Identity rules that the API enforces itself (the Cognito emulator has no password policy, and
 * a client deserves a 400 naming the rule rather than a provider error).
 */

/** The password policy. The CDK user pool is built from these same numbers. */
export const PASSWORD_POLICY = {
  minLength: 8,
  maxLength: 128,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
} as const;

export const PASSWORD_POLICY_TEXT =
  `Password must be ${PASSWORD_POLICY.minLength} to ${PASSWORD_POLICY.maxLength} characters long and contain ` +
  'a lowercase letter, an uppercase letter, a digit and a symbol';

/** Returns the rules the password breaks (empty when it is acceptable). */
export function passwordViolations(password: string): string[] {
  const broken: string[] = [];
  if (password.length < PASSWORD_POLICY.minLength) broken.push(`at least ${PASSWORD_POLICY.minLength} characters`);
  if (password.length > PASSWORD_POLICY.maxLength) broken.push(`at most ${PASSWORD_POLICY.maxLength} characters`);
  if (!/[a-z]/.test(password)) broken.push('a lowercase letter');
  if (!/[A-Z]/.test(password)) broken.push('an uppercase letter');
  if (!/[0-9]/.test(password)) broken.push('a digit');
  if (!/[^A-Za-z0-9]/.test(password)) broken.push('a symbol');
  return broken;
}

/** Strips punctuation from a CPF ("123.456.789-09" -> "12345678909"). */
export function normalizeCpf(cpf: string): string {
  return cpf.replace(/[.\-\s]/g, '');
}

/** CPF check digits (mod 11), rejecting the all-equal-digit sequences that pass the arithmetic. */
export function isValidCpf(input: string): boolean {
  const cpf = normalizeCpf(input);
  if (!/^\d{11}$/.test(cpf) || /^(\d)\1{10}$/.test(cpf)) return false;
  const digits = [...cpf].map(Number);
  const checkDigit = (length: number): number => {
    let sum = 0;
    for (let i = 0; i < length; i++) sum += digits[i] * (length + 1 - i);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  return checkDigit(9) === digits[9] && checkDigit(10) === digits[10];
}

/** CEP: exactly 8 digits once an optional hyphen is removed ("01310-100"). */
export function normalizeCep(cep: string): string {
  return cep.replace('-', '');
}

export function isValidCep(cep: string): boolean {
  return /^\d{8}$/.test(normalizeCep(cep));
}

export const UFS = [
  'AC', 'AL', 'AP', 'AM', 'BA', 'CE', 'DF', 'ES', 'GO', 'MA', 'MT', 'MS', 'MG', 'PA',
  'PB', 'PR', 'PE', 'PI', 'RJ', 'RN', 'RS', 'RO', 'RR', 'SC', 'SP', 'SE', 'TO',
] as const;
export type Uf = (typeof UFS)[number];

/**
 * Phone numbers are stored in E.164. Accepts E.164 ("+5511987654321", any country) or a
 * Brazilian number with area code ("(11) 98765-4321", "11 3456-7890", "011987654321").
 * Returns undefined when the input is neither.
 */
export function normalizePhone(input: string): string | undefined {
  const trimmed = input.trim();
  if (trimmed.startsWith('+')) {
    const digits = trimmed.slice(1).replace(/[\s\-().]/g, '');
    return /^[1-9]\d{7,14}$/.test(digits) ? `+${digits}` : undefined;
  }
  let digits = trimmed.replace(/[\s\-().]/g, '');
  if (!/^\d+$/.test(digits)) return undefined;
  if (digits.startsWith('0')) digits = digits.slice(1); // trunk prefix
  // area code 11..99 (no zero digits), then 8 digits (landline, starting 2-5) or 9 digits (mobile, starting 9)
  if (/^[1-9][1-9](?:[2-5]\d{7}|9\d{8})$/.test(digits)) return `+55${digits}`;
  return undefined;
}
