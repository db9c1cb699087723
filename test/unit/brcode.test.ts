import fc from 'fast-check';
import { buildPixBrCode, crc16, formatBrCodeAmount, parseBrCode, parseBrCodeAmount, toBrCodeText } from '#domain/payments/brcode.js';
import { ValidationError } from '#shared/errors.js';

/** Static example from the Central Bank's Pix initiation manual (CRC verified by crc16 below). */
const BCB_STATIC_EXAMPLE =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';
/** Dynamic example (manual section 6.2 layout, as transcribed in a public gist; CRC verified). */
const DYNAMIC_EXAMPLE =
  '00020101021226770014BR.GOV.BCB.PIX2555pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a995204000053039865802BR5907EMPRESA6009SAO PAULO62070503***6304EEAB';

const KEY = '123e4567-e12b-12d1-a456-426655440000';

function fieldOf(message: () => unknown): string | undefined {
  try {
    message();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).details[0]?.field as string;
  }
  throw new Error('expected a ValidationError');
}

describe('crc16 (CCITT-FALSE)', () => {
  it('matches the standard check value for "123456789"', () => {
    expect(crc16('123456789')).toBe('29B1');
  });

  it('is 4 uppercase hex digits, zero-padded', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => /^[0-9A-F]{4}$/.test(crc16(text))));
  });
});

describe('published examples', () => {
  it('the BCB static example parses and its CRC verifies', () => {
    const parsed = parseBrCode(BCB_STATIC_EXAMPLE);
    expect(parsed.crcValid).toBe(true);
    expect(parsed.crc).toBe('1D3D');
    expect(parsed.fields['00']).toEqual({ value: '01' });
    expect(parsed.fields['26']!.subfields).toEqual({ '00': 'br.gov.bcb.pix', '01': KEY });
    expect(parsed.fields['52']!.value).toBe('0000');
    expect(parsed.fields['53']!.value).toBe('986');
    expect(parsed.fields['58']!.value).toBe('BR');
    expect(parsed.fields['59']!.value).toBe('Fulano de Tal');
    expect(parsed.fields['60']!.value).toBe('BRASILIA');
    expect(parsed.fields['62']!.subfields).toEqual({ '05': '***' });
    expect(parsed.pix).toMatchObject({ dynamic: false, pixKey: KEY, txid: '***', amountCents: undefined });
  });

  it('buildPixBrCode reproduces the BCB static example byte for byte', () => {
    expect(buildPixBrCode({ pixKey: KEY, merchantName: 'Fulano de Tal', merchantCity: 'BRASILIA', txid: '***' })).toBe(BCB_STATIC_EXAMPLE);
  });

  it('the dynamic example parses and its CRC verifies', () => {
    const parsed = parseBrCode(DYNAMIC_EXAMPLE);
    expect(parsed.crcValid).toBe(true);
    expect(parsed.fields['01']!.value).toBe('12');
    expect(parsed.pix).toMatchObject({ dynamic: true, url: 'pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a99', txid: '***' });
  });

  it('detects a corrupted code', () => {
    const tampered = BCB_STATIC_EXAMPLE.replace('Fulano', 'Fulana');
    expect(parseBrCode(tampered).crcValid).toBe(false);
    expect(parseBrCode(BCB_STATIC_EXAMPLE.slice(0, -4) + '0000').crcValid).toBe(false);
  });

  it('accepts a lowercase CRC', () => {
    expect(parseBrCode(BCB_STATIC_EXAMPLE.slice(0, -4) + '1d3d').crcValid).toBe(true);
  });

  it('rejects malformed TLV', () => {
    expect(fieldOf(() => parseBrCode('000201269'))).toBe('code');
    expect(fieldOf(() => parseBrCode('0002012699abc'))).toBe('code');
    expect(fieldOf(() => parseBrCode('000201000201'))).toBe('code');
  });
});

describe('buildPixBrCode -> parseBrCode round trip', () => {
  it('static code with amount and description, field by field', () => {
    const code = buildPixBrCode({
      pixKey: 'loja@example.com',
      merchantName: 'Loja Exemplo',
      merchantCity: 'Sao Paulo',
      amountCents: 123456,
      txid: 'PED123',
      description: 'Pedido 123',
    });
    const parsed = parseBrCode(code);
    expect(parsed.crcValid).toBe(true);
    expect(parsed.order).toEqual(['00', '26', '52', '53', '54', '58', '59', '60', '62', '63']);
    expect(parsed.fields['26']!.subfields).toEqual({ '00': 'br.gov.bcb.pix', '01': 'loja@example.com', '02': 'Pedido 123' });
    expect(parsed.fields['54']!.value).toBe('1234.56');
    expect(parsed.fields['62']!.subfields).toEqual({ '05': 'PED123' });
    expect(parsed.pix).toEqual({
      dynamic: false,
      pixKey: 'loja@example.com',
      url: undefined,
      description: 'Pedido 123',
      amountCents: 123456,
      txid: 'PED123',
      merchantName: 'Loja Exemplo',
      merchantCity: 'Sao Paulo',
    });
    expect(code.slice(-8, -4)).toBe('6304');
  });

  it('dynamic code: point of initiation 12, URL in 26-25, "***" in 62-05', () => {
    const code = buildPixBrCode({
      url: 'pix.example.com/qr/v2/9d36b84fc70b478fb95c12729b90ca25',
      merchantName: 'Loja',
      merchantCity: 'Curitiba',
      amountCents: 5000,
      txid: 'a'.repeat(30),
    });
    const parsed = parseBrCode(code);
    expect(parsed.crcValid).toBe(true);
    expect(parsed.fields['01']!.value).toBe('12');
    expect(parsed.fields['26']!.subfields).toEqual({ '00': 'br.gov.bcb.pix', '25': 'pix.example.com/qr/v2/9d36b84fc70b478fb95c12729b90ca25' });
    expect(parsed.pix.txid).toBe('***');
    expect(parsed.pix.amountCents).toBe(5000);
  });

  it('property: any valid input round-trips and its CRC verifies', () => {
    fc.assert(
      fc.property(
        fc.record({
          pixKey: fc.stringMatching(/^[a-z0-9@.+-]{1,60}$/),
          merchantName: fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,24}$/),
          merchantCity: fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,14}$/),
          amountCents: fc.option(fc.integer({ min: 1, max: 99_999_999_999 }), { nil: undefined }),
          txid: fc.oneof(fc.constant('***'), fc.stringMatching(/^[A-Za-z0-9]{1,25}$/)),
        }),
        (input) => {
          const parsed = parseBrCode(buildPixBrCode(input));
          expect(parsed.crcValid).toBe(true);
          expect(parsed.pix.pixKey).toBe(input.pixKey);
          expect(parsed.pix.amountCents).toBe(input.amountCents);
          expect(parsed.pix.txid).toBe(input.txid);
          expect(parsed.pix.merchantName).toBe(input.merchantName.replace(/\s+/g, ' ').trim());
        },
      ),
    );
  });
});

describe('amounts', () => {
  it.each([
    [1, '0.01'],
    [10, '0.10'],
    [100, '1.00'],
    [123456, '1234.56'],
    [100000000, '1000000.00'],
    [1999, '19.99'],
  ])('%i cents is "%s" (no thousands separator)', (cents, text) => {
    expect(formatBrCodeAmount(cents)).toBe(text);
    expect(parseBrCodeAmount(text)).toBe(cents);
  });

  it('parses amounts with fewer decimals exactly', () => {
    expect(parseBrCodeAmount('10')).toBe(1000);
    expect(parseBrCodeAmount('10.5')).toBe(1050);
    expect(parseBrCodeAmount('0.29')).toBe(29); // 0.29 * 100 is 28.999... in floating point
    expect(parseBrCodeAmount('1,00')).toBeNull();
  });

  it('rejects zero, negative, fractional and too-long amounts', () => {
    const base = { pixKey: KEY, merchantName: 'Loja', merchantCity: 'Recife', txid: '***' };
    expect(fieldOf(() => buildPixBrCode({ ...base, amountCents: 0 }))).toBe('amountCents');
    expect(fieldOf(() => buildPixBrCode({ ...base, amountCents: -100 }))).toBe('amountCents');
    expect(fieldOf(() => buildPixBrCode({ ...base, amountCents: 10.5 }))).toBe('amountCents');
    expect(fieldOf(() => buildPixBrCode({ ...base, amountCents: 10_000_000_000_000 }))).toBe('amountCents');
    expect(parseBrCode(buildPixBrCode({ ...base, amountCents: 999_999_999_999 })).fields['54']!.value).toBe('9999999999.99');
  });
});

describe('text rules', () => {
  it('strips accents and non-ASCII from name, city and description', () => {
    expect(toBrCodeText('São José dos Pinhais')).toBe('Sao Jose dos Pinhais');
    expect(toBrCodeText('Açaí & Cia — Ltda')).toBe('Acai & Cia Ltda');
    const parsed = parseBrCode(
      buildPixBrCode({ pixKey: KEY, merchantName: 'Padaria Conceição', merchantCity: 'Florianópolis', txid: '***', description: 'Pão de queijo' }),
    );
    expect(parsed.pix.merchantName).toBe('Padaria Conceicao');
    expect(parsed.pix.merchantCity).toBe('Florianopolis');
    expect(parsed.pix.description).toBe('Pao de queijo');
  });

  it('truncates the name to 25 and the city to 15 characters', () => {
    const parsed = parseBrCode(
      buildPixBrCode({ pixKey: KEY, merchantName: 'Comércio de Alimentos Ltda ME', merchantCity: 'São José do Rio Preto', txid: '***' }),
    );
    expect(parsed.pix.merchantName).toBe('Comercio de Alimentos Ltd');
    expect(parsed.pix.merchantName).toHaveLength(25);
    expect(parsed.pix.merchantCity).toBe('Sao Jose do Rio');
    expect(parsed.pix.merchantCity).toHaveLength(15);
  });

  it('requires a name and a city', () => {
    expect(fieldOf(() => buildPixBrCode({ pixKey: KEY, merchantName: '  ', merchantCity: 'Natal', txid: '***' }))).toBe('merchantName');
    expect(fieldOf(() => buildPixBrCode({ pixKey: KEY, merchantName: 'Loja', merchantCity: '☃', txid: '***' }))).toBe('merchantCity');
  });
});

describe('validation', () => {
  const base = { merchantName: 'Loja', merchantCity: 'Natal' };

  it('needs exactly one of pixKey and url', () => {
    expect(fieldOf(() => buildPixBrCode({ ...base, txid: '***' }))).toBe('pixKey');
    expect(fieldOf(() => buildPixBrCode({ ...base, pixKey: KEY, url: 'pix.example.com/x', txid: '***' }))).toBe('pixKey');
  });

  it('static txid: 1-25 letters and digits, or "***"', () => {
    expect(() => buildPixBrCode({ ...base, pixKey: KEY, txid: 'A'.repeat(25) })).not.toThrow();
    expect(fieldOf(() => buildPixBrCode({ ...base, pixKey: KEY, txid: 'A'.repeat(26) }))).toBe('txid');
    expect(fieldOf(() => buildPixBrCode({ ...base, pixKey: KEY, txid: 'order-1' }))).toBe('txid');
    expect(fieldOf(() => buildPixBrCode({ ...base, pixKey: KEY, txid: '' }))).toBe('txid');
  });

  it('dynamic txid: 26-35 letters and digits, or "***"', () => {
    const url = 'pix.example.com/qr/abc';
    expect(() => buildPixBrCode({ ...base, url, txid: 'a'.repeat(26) })).not.toThrow();
    expect(() => buildPixBrCode({ ...base, url, txid: 'a'.repeat(35) })).not.toThrow();
    expect(fieldOf(() => buildPixBrCode({ ...base, url, txid: 'a'.repeat(25) }))).toBe('txid');
    expect(fieldOf(() => buildPixBrCode({ ...base, url, txid: 'a'.repeat(36) }))).toBe('txid');
  });

  it('url must not carry the scheme; description is static-only', () => {
    expect(fieldOf(() => buildPixBrCode({ ...base, url: 'https://pix.example.com/qr/abc', txid: '***' }))).toBe('url');
    expect(fieldOf(() => buildPixBrCode({ ...base, url: 'pix.example.com/qr/abc', txid: '***', description: 'x' }))).toBe('description');
  });

  it('keeps every template within 99 characters', () => {
    expect(fieldOf(() => buildPixBrCode({ ...base, pixKey: 'k'.repeat(78), txid: '***' }))).toBe('pixKey');
    expect(fieldOf(() => buildPixBrCode({ ...base, pixKey: 'k'.repeat(60), txid: '***', description: 'd'.repeat(30) }))).toBe('description');
  });
});
