import { ProtocolClient } from './protocolClient';
import type { TeamView } from '../../shared/schemas/views';

const STORY_LINES = [
  'We ran the pilot on one queue first and the disputes dropped by a third.',
  'Our delivery lead showed the prototype to the CFO with real invoices.',
  'We shut down the chatbot in week two and put the money into the data sandbox.',
  'A two-minute video of the new flow convinced the whole ops team.',
  'We co-funded the experiment and agreed to stop it at day 30 if it missed.',
  'The buyer gave us a sandbox and we came back with a working demo in a week.',
  'We left our titles at the door and sketched the process together on a wall.',
  'One customer story did more than fifty slides of metrics.',
];

/** A seeded little random source so a bot crowd plays the same way twice. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 2 ** 32;
  };
}

export type BotOptions = { url: string; code: string; name: string; seed: number; thinkMs?: [number, number] };

/**
 * A simulated participant that plays plausibly: it joins, picks an option of its own team a few seconds
 * into each vote (mostly the ones that spend power-ups, sometimes waiting), writes a short story when asked,
 * and votes for one of the other team's stories.
 */
export class PlayBot {
  readonly client: ProtocolClient;
  participantId = '';
  token = '';
  private random: () => number;
  private acted = new Set<string>();

  constructor(private opts: BotOptions) {
    this.client = new ProtocolClient(opts.url);
    this.random = rng(opts.seed);
  }

  async join(): Promise<void> {
    const r = await this.client.request('participant:join', { code: this.opts.code, name: this.opts.name });
    if (!r.ok) throw new Error(`${this.opts.name} could not join: ${r.code} ${r.message}`);
    this.participantId = r.participantId;
    this.token = r.token;
    this.client.socket.on('view', () => this.react());
    this.client.socket.on('connect', () => {
      // After a drop, come back as the same person.
      if (this.token) void this.client.request('participant:rejoin', { code: this.opts.code, token: this.token, lastSeq: this.client.seq }).catch(() => {});
    });
    this.react();
  }

  private delay(): number {
    const [min, max] = this.opts.thinkMs ?? [500, 4000];
    return min + this.random() * (max - min);
  }

  private react(): void {
    const view = this.client.view as TeamView | undefined;
    const me = this.client.me;
    if (!view || !me || view.roundIndex === null) return;
    const key = `${view.roundIndex}:${view.phase}`;
    if (this.acted.has(key)) return;
    if (view.phase === 'deciding' && view.card) {
      this.acted.add(key);
      const mine = view.card.options.filter((o) => o.team === me.team);
      const active = mine.filter((o) => !o.wait);
      const pick = this.random() < 0.1 ? mine.find((o) => o.wait)! : active[Math.floor(this.random() * active.length)];
      setTimeout(() => void this.client.request('participant:choose', { optionId: pick.id }).catch(() => {}), this.delay());
    } else if (view.phase === 'stories') {
      this.acted.add(key);
      const text = STORY_LINES[Math.floor(this.random() * STORY_LINES.length)];
      setTimeout(() => void this.client.request('participant:story', { text }).catch(() => {}), this.delay());
    } else if (view.phase === 'storyVote') {
      this.acted.add(key);
      const theirs = view.stories.filter((s) => s.team !== me.team);
      if (theirs.length === 0) return;
      const pick = theirs[Math.floor(this.random() * theirs.length)];
      setTimeout(() => void this.client.request('participant:storyVote', { storyId: pick.storyId }).catch(() => {}), this.delay());
    }
  }

  close(): void {
    this.client.close();
  }
}
