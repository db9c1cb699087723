/**
 * Mercado Pago's browser SDK (MercadoPago.js v2), loaded on demand from the stage's `sdkUrl` (MP's own
 * `https://sdk.mercadopago.com/js/v2`, or the local fake's), and the part of its API the card form uses
 * (sdk-js docs: core-methods.md, fields.md): Secure Fields for the card number, expiry and security code, each in
 * an iframe of MP's, so the page (and our API) never sees them; `fields.createCardToken` for the token;
 * `getPaymentMethods({bin})` for the `payment_method_id` and issuer that go with it.
 */
export const MERCADO_PAGO_SDK_URL = 'https://sdk.mercadopago.com/js/v2';

export interface SecureField {
  mount(containerId: string): SecureField;
  unmount(): void;
  on(event: 'binChange', callback: (event: { bin: string | null; field: string }) => void): SecureField;
  on(event: 'ready' | 'focus' | 'blur' | 'change', callback: (event: { field: string }) => void): SecureField;
}

export interface CardTokenResponse { id: string; first_six_digits: string; last_four_digits: string }

export interface PaymentMethodsResponse { results: { id: string; issuer?: { id: number | string } }[] }

export interface MercadoPagoInstance {
  fields: {
    create(type: 'cardNumber' | 'expirationDate' | 'securityCode', options?: { placeholder?: string; srLabel?: string }): SecureField;
    createCardToken(nonPCIData: { cardholderName: string; identificationType: string; identificationNumber: string }): Promise<CardTokenResponse | undefined>;
  };
  getPaymentMethods(params: { bin: string }): Promise<PaymentMethodsResponse>;
}

type MercadoPagoClass = new (publicKey: string, options?: { locale?: string }) => MercadoPagoInstance;

let loading: Promise<MercadoPagoClass> | undefined;

/** Adds the SDK's script once; resolves with its global `MercadoPago` class. A failed load can be tried again. */
export function loadMercadoPago(sdkUrl: string = MERCADO_PAGO_SDK_URL): Promise<MercadoPagoClass> {
  loading ??= new Promise<MercadoPagoClass>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = sdkUrl;
    script.async = true;
    script.onload = () => {
      const found = (window as { MercadoPago?: MercadoPagoClass }).MercadoPago;
      if (found) resolve(found);
      else reject(new Error('MercadoPago.js loaded without its MercadoPago class'));
    };
    script.onerror = () => {
      script.remove();
      reject(new Error(`MercadoPago.js did not load from ${sdkUrl}`));
    };
    document.head.appendChild(script);
  }).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
