// The bystander the abuse and import benches measure: one participant of a running session on a real
// server, voting (changing their choice) at a steady pace while something else loads the server.
import { ProtocolClient } from '../scripts/bots/protocolClient';
import { sleep } from './stats';

export type VoteRun = { acks: number[]; lost: number };

/**
 * Hosts a session, joins one participant and opens the vote. The clients go into `clients` as they are
 * made, so the caller closes them in its `finally` even if this throws half way.
 */
export async function startBystander(url: string, decideSeconds: number, clients: ProtocolClient[]) {
  const host = new ProtocolClient(url);
  clients.push(host);
  const created = (await host.request('session:create', { config: { decideSeconds, storyRounds: false } })) as any;
  await host.request('host:attach', { code: created.code, hostKey: created.hostKey });
  const voter = new ProtocolClient(url);
  clients.push(voter);
  const joined = (await voter.request('participant:join', { code: created.code, name: 'Bystander' })) as any;
  await host.request('host:command', { command: { type: 'startRound' } });
  await host.request('host:command', { command: { type: 'startTimer' } });
  await voter.until((c) => (c.view as any)?.phase === 'deciding');
  const options = ((voter.view as any).card.options as { id: string; team: string }[]).filter((o) => o.team === joined.me.team).map((o) => o.id);

  let n = 0;
  /** One vote's ack time in ms, or null when it got no ok within 10 s. */
  const vote = async (): Promise<number | null> => {
    const t0 = performance.now();
    const r = await voter.request('participant:choose', { optionId: options[n++ % options.length] }, 10_000).catch(() => null);
    return r && (r as any).ok ? performance.now() - t0 : null;
  };
  /** Votes every `everyMs` while `running()` holds; waits for every ack before it returns. */
  const voteWhile = async (running: () => boolean, everyMs: number): Promise<VoteRun> => {
    const acks: number[] = [];
    let lost = 0;
    const pending: Promise<void>[] = [];
    while (running()) {
      pending.push(vote().then((ms) => (ms === null ? void lost++ : void acks.push(ms))));
      await sleep(everyMs);
    }
    await Promise.all(pending);
    return { acks, lost };
  };
  return { host, voter, voteWhile };
}
