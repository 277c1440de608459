import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from '@remix-run/node';
import { Form, useFetcher, useLoaderData } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { Toast } from '../components/toast.tsx';
import { formProblem } from '../lib/form-problem.server.ts';
import { translator } from '../lib/i18n.ts';
import { signedInPage } from '../lib/page.server.ts';
import { titleFor } from '../lib/page-title.ts';
import { useRoot } from '../root.tsx';

export const meta = titleFor('devices.title');

type Device = {
  id: string;
  endpointOrigin: string;
  userAgent: string | null;
  label: string | null;
  muted: boolean;
  criticalOnly: boolean;
  createdAt: string;
};

async function devicesPage(args: LoaderFunctionArgs | ActionFunctionArgs) {
  const page = await signedInPage(args);
  if (!page.school.modules.includes('messaging')) throw redirect('/home');
  return page;
}

/** Web push on this device (the opt-in) and every device of mine with its own settings. */
export async function loader(args: LoaderFunctionArgs) {
  const { api } = await devicesPage(args);
  const [devices, key] = await Promise.all([
    api.get<{ data: Device[] }>('/api/v1/messaging/devices'),
    api.get<{ publicKey: string }>('/api/v1/messaging/push/public-key'),
  ]);
  const url = new URL(args.request.url);
  return { devices: devices.data, publicKey: key.publicKey, notice: url.searchParams.get('done') };
}

export async function action(args: ActionFunctionArgs) {
  const { api, t } = await devicesPage(args);
  const form = Object.fromEntries(await args.request.formData()) as Record<string, string>;
  const id = encodeURIComponent(form.id ?? '');
  try {
    if (form.intent === 'subscribe') {
      // The PushSubscription exactly as the browser serialised it (endpoint + keys).
      const subscription = JSON.parse(form.subscription ?? '{}') as Record<string, unknown>;
      await api.post('/api/v1/messaging/devices', {
        endpoint: subscription.endpoint,
        keys: subscription.keys,
        ...(form.userAgent ? { userAgent: form.userAgent.slice(0, 400) } : {}),
      });
      return { ok: true as const };
    }
    if (form.intent === 'remove') {
      await api.del(`/api/v1/messaging/devices/${id}`);
      return redirect('/settings/devices?done=removed');
    }
    await api.patch(`/api/v1/messaging/devices/${id}`, {
      label: form.label?.trim() ? form.label.trim() : null,
      muted: form.muted === 'on',
      criticalOnly: form.criticalOnly === 'on',
    });
    return redirect('/settings/devices?done=saved');
  } catch (error) {
    return { ok: false as const, problem: formProblem(error, {}, t) };
  }
}

/** `applicationServerKey` wants bytes; the API gives base64url. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

type OptIn = 'unknown' | 'unsupported' | 'idle' | 'working' | 'enabled' | 'denied' | 'failed';

/** Needs JavaScript (the Push API lives in the browser); without it the button is not offered. */
function PushOptIn({ publicKey }: { publicKey: string }) {
  const { locale } = useRoot();
  const t = translator(locale);
  const fetcher = useFetcher<typeof action>();
  const [state, setState] = useState<OptIn>('unknown');

  useEffect(() => {
    if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
      setState('unsupported');
      return;
    }
    if (Notification.permission === 'denied') return setState('denied');
    navigator.serviceWorker.ready
      .then((reg) => reg.pushManager.getSubscription())
      .then((sub) => setState(sub && Notification.permission === 'granted' ? 'enabled' : 'idle'))
      .catch(() => setState('idle'));
  }, []);

  useEffect(() => {
    if (fetcher.state === 'idle' && fetcher.data) setState(fetcher.data.ok ? 'enabled' : 'failed');
  }, [fetcher.state, fetcher.data]);

  async function enable() {
    setState('working');
    try {
      if ((await Notification.requestPermission()) !== 'granted') return setState('denied');
      const reg = await navigator.serviceWorker.ready;
      const sub =
        (await reg.pushManager.getSubscription()) ??
        (await reg.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(publicKey),
        }));
      fetcher.submit(
        { intent: 'subscribe', subscription: JSON.stringify(sub.toJSON()), userAgent: navigator.userAgent },
        { method: 'post' },
      );
    } catch {
      setState('failed');
    }
  }

  if (state === 'unknown') return null;
  const message: Partial<Record<OptIn, string>> = {
    unsupported: t('devices.unsupported'),
    enabled: t('devices.enabled'),
    denied: t('devices.denied'),
    failed: t('devices.failed'),
    working: t('devices.enabling'),
  };
  return (
    <div className="card" data-testid="push-opt-in">
      {message[state] ? <Toast>{message[state]}</Toast> : null}
      {state === 'idle' || state === 'failed' ? (
        <button type="button" onClick={() => void enable()}>
          {t('devices.enable')}
        </button>
      ) : null}
    </div>
  );
}

export default function DevicesSettings() {
  const { devices, publicKey, notice } = useLoaderData<typeof loader>();
  const { locale } = useRoot();
  const t = translator(locale);
  return (
    <>
      <h1>{t('devices.title')}</h1>
      <p>{t('devices.lead')}</p>
      {notice === 'saved' ? <Toast>{t('devices.saved')}</Toast> : null}
      {notice === 'removed' ? <Toast>{t('devices.removed')}</Toast> : null}
      <PushOptIn publicKey={publicKey} />
      <section aria-labelledby="devices-h">
        <h2 id="devices-h">{t('devices.list')}</h2>
        {devices.length === 0 ? <p className="card">{t('devices.none')}</p> : null}
        {devices.map((d) => (
          <article key={d.id} className="card" aria-labelledby={`device-${d.id}`}>
            <h3 id={`device-${d.id}`}>{d.label ?? d.userAgent?.slice(0, 60) ?? t('devices.unnamed')}</h3>
            <p className="hint">
              {t('devices.via', {
                origin: new URL(d.endpointOrigin).host,
                date: new Date(d.createdAt).toLocaleDateString(locale),
              })}
            </p>
            <Form method="post">
              <input type="hidden" name="id" value={d.id} />
              <div className="field">
                <label htmlFor={`label-${d.id}`}>{t('devices.name')}</label>
                <input id={`label-${d.id}`} name="label" defaultValue={d.label ?? ''} maxLength={80} />
              </div>
              <div className="field checkbox">
                <input id={`muted-${d.id}`} type="checkbox" name="muted" defaultChecked={d.muted} />
                <label htmlFor={`muted-${d.id}`}>{t('devices.muted')}</label>
              </div>
              <div className="field checkbox">
                <input
                  id={`critical-${d.id}`}
                  type="checkbox"
                  name="criticalOnly"
                  defaultChecked={d.criticalOnly}
                />
                <label htmlFor={`critical-${d.id}`}>{t('devices.criticalOnly')}</label>
              </div>
              <button type="submit" name="intent" value="settings">
                {t('devices.save')}
              </button>{' '}
              <button type="submit" name="intent" value="remove" className="secondary">
                {t('devices.remove')}
              </button>
            </Form>
          </article>
        ))}
      </section>
    </>
  );
}
