import { ProtocolClient } from '../../scripts/bots/protocolClient';
import type { HostView } from '../../shared/protocol/events';
import type { TeamView } from '../../shared/schemas/views';
import type { CardOption } from '../../shared/schemas/deck';
import { affordability } from '../../shared/engine/affordable';

export type Host = { client: ProtocolClient; code: string; hostKey: string };

/** A session hosted by a fresh client; `deck` defaults to the server's (the rules v2 deck). */
export async function createHostedSession(url: string, config: object = {}, deck?: object): Promise<Host> {
  const client = new ProtocolClient(url);
  const created = await client.request('session:create', deck ? { config, deck } : { config });
  if (!created.ok) throw new Error(`create failed: ${created.code}`);
  const attached = await client.request('host:attach', { code: created.code, hostKey: created.hostKey });
  if (!attached.ok) throw new Error(`attach failed: ${attached.code}`);
  return { client, code: created.code, hostKey: created.hostKey };
}

export type Joined = { client: ProtocolClient; participantId: string; token: string; team: 'buyer' | 'provider' };

export async function joinAs(url: string, code: string, name: string, team?: 'buyer' | 'provider'): Promise<Joined> {
  const client = new ProtocolClient(url);
  const r = await client.request('participant:join', team ? { code, name, team } : { code, name });
  if (!r.ok) throw new Error(`join failed: ${r.code} ${r.message}`);
  return { client, participantId: r.participantId, token: r.token, team: r.me.team };
}

export async function command(host: Host, command: object) {
  const r = await host.client.request('host:command', { command });
  if (!r.ok) throw new Error(`${JSON.stringify(command)} refused: ${r.code} ${r.message}`);
  return r;
}

export function hostView(host: Host): HostView {
  return host.client.view as HostView;
}

export function teamView(c: ProtocolClient): TeamView {
  return c.view as TeamView;
}

/**
 * Starts the round's timer and, on a rules v2 story card, skips the pitches and the backing that come
 * before the vote, so the round is in `deciding` when this returns (v1: straight to `deciding`).
 */
export async function openVote(host: Host) {
  await command(host, { type: 'startTimer' });
  for (;;) {
    await host.client.until(() => ['deciding', 'stories', 'storyVote'].includes(hostView(host)?.phase));
    const phase = hostView(host).phase;
    if (phase === 'deciding') return;
    await command(host, { type: 'skip' });
    await host.client.until(() => hostView(host).phase !== phase);
  }
}

/** A participant's options (not the wait) that the server takes a vote for now: what the team can pay, or pool (v2 joint). */
export function votableOptions(c: ProtocolClient, team: 'buyer' | 'provider'): CardOption[] {
  const v = teamView(c);
  const card = v.card!;
  const inventories = { buyer: v.teams.buyer.inventory, provider: v.teams.provider.inventory };
  return card.options.filter((o) => o.team === team && !o.wait && affordability(inventories, card.options, team, o, v.rules === 2).kind !== 'blocked');
}
