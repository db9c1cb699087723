import { dayAndTime, timeOfDay } from '../format.js';
import type { Template } from './template.js';

const units = (n: number) => (n === 1 ? '1 unidade' : `${n} unidades`);

/** FlashSaleWindowUnsold: every admin is told, once per window, that a flash-sale window closed with units unsold. */
export const flashWindowUnsold: Template<'FlashSaleWindowUnsold'> = {
  type: 'flash-window-unsold',
  email: (data) => ({
    subject: `Oferta relâmpago não esgotou: ${data.productName} (${dayAndTime(data.startsAt)})`,
    blocks: [
      {
        p: `A janela de ${dayAndTime(data.startsAt)} às ${timeOfDay(data.endsAt)} (horário de Brasília) da oferta relâmpago de ${data.productName} (SKU ${data.sku}) `
          + `terminou com ${units(data.unsoldUnits)} de ${units(data.windowUnits)} sem vender. Elas já voltaram ao estoque do SKU.`,
      },
      { list: [`Unidades na janela: ${data.windowUnits}`, `Resgatadas (pagas ou aguardando pagamento no fechamento): ${data.claimedUnits}`, `Não vendidas: ${data.unsoldUnits}`] },
      { p: 'Veja as janelas no console (Ofertas) ou no relatório de ofertas relâmpago; talvez valha divulgar mais a oferta ou reduzir as unidades por janela.' },
    ],
  }),
  sms: (data) => `Big E-Commerce: a oferta relampago de ${data.sku} (${dayAndTime(data.startsAt)}) terminou com ${units(data.unsoldUnits)} sem vender. Veja o console.`,
};
