import { clear } from '../dom/el';

export function mountStagePage(root: HTMLElement): void {
  clear(root);
  const code = new URLSearchParams(location.search).get('code') ?? '';
  void import('../stage/bootStage').then(({ bootStage }) => bootStage(root, code));
}
