import { isLoopbackUrl } from "../../lib/http";

/**
 * Records every outbound call a simulator refused because it left the machine; tests assert the
 * list stays empty, the playground prints it.
 */
export class OfflineGuard {
  readonly refused: string[] = [];

  allows(url: string): boolean {
    if (isLoopbackUrl(url)) return true;
    this.refused.push(url);
    return false;
  }
}
