/**
 * A dedicated PostgreSQL connection that LISTENs on a channel and reconnects when it drops:
 * the one connection of an instance outside its pool, since a listener holds its connection
 * for good and a pooled one would be handed to others.
 * After a reconnect the owner is told to resynchronise, since notifications sent while the
 * connection was down are lost.
 */
import pg from 'pg';

export interface NotifyListenerOptions {
  url: string;
  /** How the connection names itself in pg_stat_activity. */
  applicationName?: string;
  channel: string;
  onMessage: (payload: string) => void;
  /** Called after every (re)connection, before messages flow: reload what may have been missed. */
  onConnected: () => Promise<void> | void;
  log: (message: string) => void;
}

export class NotifyListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;

  constructor(private readonly options: NotifyListenerOptions) {}

  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.url, ...(this.options.applicationName ? { application_name: this.options.applicationName } : {}) });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', (message) => {
      if (message.channel === this.options.channel && message.payload !== undefined) this.options.onMessage(message.payload);
    });
    await client.connect();
    await client.query(`LISTEN ${client.escapeIdentifier(this.options.channel)}`);
    this.client = client;
    this.attempt = 0;
    await this.options.onConnected();
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.stopped || this.client !== client) return;
    this.client = undefined;
    this.options.log(`LISTEN connection lost (${error.message}); reconnecting`);
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delay = Math.min(30_000, 250 * 2 ** this.attempt);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.connect().catch((error: Error) => {
        this.options.log(`LISTEN reconnect failed: ${error.message}`);
        this.scheduleReconnect();
      });
    }, delay);
    this.retryTimer.unref();
  }
}
