/**
 * The dashboard's live feed of orders: the WebSocket's admin feed (`/ws?token=…&feed=admin`,
 * docs/events.md "WebSocket messages") pushes `admin.order` for every order created or changed. The
 * newest few are listed, newest first; a dropped socket reconnects after a pause.
 */
import { useEffect, useState } from 'react';
import { session } from '../api/client';
import { formatDateTime, formatPrice, STATUS_TEXT } from '../format';
import { socketUrl } from '../live';
import { Link } from '../router';

export const FEED_SIZE = 10;
export const RECONNECT_MS = 5_000;

interface AdminOrderMessage { type: 'admin.order'; orderId: string; status: string; totalCents: number; at: string }
type FeedState = 'connecting' | 'open' | 'closed';

const isAdminOrder = (value: unknown): value is AdminOrderMessage => {
  const m = value as Partial<AdminOrderMessage> | null;
  return m?.type === 'admin.order' && typeof m.orderId === 'string' && typeof m.status === 'string' && typeof m.totalCents === 'number' && typeof m.at === 'string';
};

export function LiveOrders() {
  const [state, setState] = useState<FeedState>('connecting');
  const [messages, setMessages] = useState<AdminOrderMessage[]>([]);

  useEffect(() => {
    let stopped = false;
    let socket: WebSocket | undefined;
    let retry: number | undefined;
    const connect = async () => {
      const token = await session.accessToken();
      if (stopped || !token) return;
      setState('connecting');
      socket = new WebSocket(`${socketUrl(token)}&feed=admin`);
      socket.onopen = () => setState('open');
      socket.onmessage = (event) => {
        let message: unknown;
        try {
          message = JSON.parse(String(event.data));
        } catch {
          return;
        }
        if (isAdminOrder(message)) setMessages((shown) => [message, ...shown].slice(0, FEED_SIZE));
      };
      socket.onclose = () => {
        setState('closed');
        if (!stopped) retry = window.setTimeout(() => void connect(), RECONNECT_MS);
      };
    };
    void connect();
    return () => {
      stopped = true;
      if (retry !== undefined) window.clearTimeout(retry);
      if (socket) {
        socket.onclose = null;
        socket.close();
      }
    };
  }, []);

  return (
    <section className="live-orders" aria-labelledby="live-title" data-testid="live-orders">
      <h2 id="live-title">Pedidos ao vivo <span className={`live-dot ${state}`} data-testid="live-state">{state === 'open' ? 'conectado' : state === 'connecting' ? 'conectando…' : 'reconectando…'}</span></h2>
      {messages.length === 0 ? <p className="hint">Os pedidos novos e as mudanças de situação aparecem aqui assim que acontecem.</p> : (
        <ol aria-live="polite" className="live-list">
          {messages.map((m) => (
            <li key={`${m.orderId}:${m.status}:${m.at}`}>
              <span className="hint">{formatDateTime(m.at)}</span> <Link to={`/admin/pedidos/${encodeURIComponent(m.orderId)}`}>{m.orderId}</Link>{' '}
              <strong>{STATUS_TEXT[m.status] ?? m.status}</strong> · {formatPrice(m.totalCents)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
