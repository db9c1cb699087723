import { dayAndTime } from '../format.js';
import type { Template } from './template.js';

/** WebhookEndpointDisabled: every admin is told that an integrator's endpoint stopped receiving events after 24 hours of failures. */
export const webhookEndpointDisabled: Template<'WebhookEndpointDisabled'> = {
  type: 'webhook-endpoint-disabled',
  email: (data) => ({
    subject: `Webhook desativado: ${data.description ?? data.url}`,
    blocks: [
      {
        p: `O endpoint de webhook ${data.url}${data.description ? ` (${data.description})` : ''} foi desativado em ${dayAndTime(data.disabledAt)} (horário de Brasília)`
          + `${data.failingSince ? `: ele não recebe nossos eventos com sucesso desde ${dayAndTime(data.failingSince)}` : ''}. Enquanto estiver desativado, ele não recebe novos eventos.`,
      },
      { p: 'Peça ao responsável pela integração (ERP, marketplace, contabilidade) para corrigir o sistema que recebe os eventos. Depois, reative o endpoint no console (Integrações > Entregas do endpoint > Reativar endpoint) e reenvie as entregas que falharam.' },
      { p: `Identificador do endpoint: ${data.endpointId}` },
    ],
  }),
  sms: (data) => `Big E-Commerce: o endpoint de webhook ${data.endpointId} foi desativado após 24 h de falhas. Veja o console (Integrações).`,
};
