import type { TeamView, PersonalView } from '../../../shared/schemas/views';

/** A controller screen: built once when its phase starts, then updated in place (focus and typing survive). */
export type Screen = { node: HTMLElement; update(view: TeamView, me: PersonalView): void };
