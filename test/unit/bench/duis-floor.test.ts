import { issueXmlSigningPairs, withNodeSigner } from '../../../certs/xml-signing';
import { MAX_FLOOR_BODY, postXml, startFloorExchange } from '../../../bench/duis-floor';
import { Agent } from 'node:http';
import { pki } from '../../support/reference-dcc';

// The round trip's floor does the checks every signed exchange needs: these show that each one is
// really made (a signature that does not verify ends the exchange), so the floor cannot be a no-op.
const keys = issueXmlSigningPairs(pki());
const [user, other] = [...keys.users.values()].map(withNodeSigner);
const dcc = withNodeSigner(keys.dcc);

async function exchange(o: Parameters<typeof startFloorExchange>[0], i = 0): Promise<void> {
  const floor = await startFloorExchange(o);
  try {
    await floor.once(i);
  } finally {
    await floor.close();
  }
}

describe('the DUIS round trip floor', () => {
  it('signs, posts and verifies an exchange of the given sizes', async () => {
    await expect(
      exchange({ client: user!, server: dcc, requestBytes: 3600, answerBytes: 3400 }),
    ).resolves.toBeUndefined();
  });

  it("refuses a request whose signature is not the client certificate's key", async () => {
    // the certificate the server checks with is another party's: the server answers 400
    const forged = { certificate: other!.certificate, signer: user!.signer };
    await expect(
      exchange({ client: forged, server: dcc, requestBytes: 3600, answerBytes: 3400 }),
    ).rejects.toThrow(/floor exchange failed \(400\)/);
  });

  it("refuses an answer whose signature is not the server certificate's key", async () => {
    const forged = { certificate: other!.certificate, signer: dcc.signer };
    await expect(
      exchange({ client: user!, server: forged, requestBytes: 3600, answerBytes: 3400 }),
    ).rejects.toThrow(/floor exchange failed \(200\)/);
  });

  it('keeps serving one exchange after another on one connection', async () => {
    const floor = await startFloorExchange({
      client: user!,
      server: dcc,
      requestBytes: 500,
      answerBytes: 400,
    });
    try {
      for (let i = 0; i < 20; i++) await floor.once(i);
    } finally {
      await floor.close();
    }
  });

  it('drops a request body over its bound and keeps serving', async () => {
    const floor = await startFloorExchange({
      client: user!,
      server: dcc,
      requestBytes: 500,
      answerBytes: 400,
    });
    try {
      const agent = new Agent({ keepAlive: false });
      await expect(postXml(floor.url, 'x'.repeat(MAX_FLOOR_BODY + 1), agent)).rejects.toThrow();
      agent.destroy();
      await floor.once(1);
    } finally {
      await floor.close();
    }
  });
});
