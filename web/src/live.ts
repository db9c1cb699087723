/**
 * Live order updates: the WebSocket (`/ws?token=`, docs/events.md "WebSocket messages") pushes the
 * customer's order changes; when it cannot connect or drops, the page polls instead until the next
 * visit. `onChange` is called for every pushed message of this order and on every poll tick.
 */
import { useEffect, useRef, useState } from 'react';
import { session } from './api/client';
import { websocketUrl } from './config';

export const POLL_MS = 4_000;
export type LiveMode = 'connecting' | 'websocket' | 'polling';
export interface LiveMessage { type: string; orderId?: string; status?: string }

/** The WebSocket's URL for a token (the stage's runtime config or `VITE_WS_URL`, else this origin's /ws). */
export function socketUrl(token: string): string {
  const base = websocketUrl ?? `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/ws`;
  return `${base}?token=${encodeURIComponent(token)}`;
}

export function useOrderLive(orderId: string, enabled: boolean, onChange: (message: LiveMessage | undefined) => void): LiveMode {
  const [mode, setMode] = useState<LiveMode>('connecting');
  const callback = useRef(onChange);
  callback.current = onChange;

  useEffect(() => {
    if (!enabled) return undefined;
    let stopped = false;
    let socket: WebSocket | undefined;
    let poll: number | undefined;
    const startPolling = () => {
      if (stopped || poll !== undefined) return;
      setMode('polling');
      poll = window.setInterval(() => callback.current(undefined), POLL_MS);
    };
    void session.accessToken().then((token) => {
      if (stopped) return;
      if (!token || typeof WebSocket === 'undefined') return startPolling();
      try {
        socket = new WebSocket(socketUrl(token));
      } catch {
        return startPolling();
      }
      socket.onopen = () => {
        setMode('websocket');
        callback.current(undefined); // catch up with what changed before the socket opened
      };
      socket.onmessage = (event) => {
        let message: LiveMessage;
        try {
          message = JSON.parse(String(event.data)) as LiveMessage;
        } catch {
          return;
        }
        if (message.orderId === orderId) callback.current(message);
      };
      socket.onclose = () => startPolling();
    });
    return () => {
      stopped = true;
      if (socket) {
        socket.onclose = null;
        socket.close();
      }
      if (poll !== undefined) window.clearInterval(poll);
    };
  }, [orderId, enabled]);
  return mode;
}
