import { parseDuis } from '@smartdcc/duis-parser';
import { parseEui } from '../../../../certs/eui';
import {
  DuisError,
  emitDuisResponse,
  parseDuisResponse,
  type DuisResponse,
} from '../../../../simulator/duis';

const requestId = {
  originator: parseEui('90B3D51F30020000'),
  target: parseEui('00DB1234567890A0'),
  counter: 1200n,
};
const at = new Date('2020-01-01T12:00:00Z');

describe('DUIS responses', () => {
  it('emits a Pre-Command response in DUIS element order', () => {
    const xml = emitDuisResponse({
      requestId,
      responseCode: 'I0',
      responseDateTime: at,
      serviceReference: '6.15',
      serviceReferenceVariant: '6.15.1',
      body: { kind: 'PreCommand', gbcsPayload: Uint8Array.of(0xdf, 0x09), gbcsVersion: '4.0' },
    });
    const compact = xml.replace(/>\s+</g, '><');
    expect(compact).toContain(
      '<sr:Header><sr:RequestID>90-B3-D5-1F-30-02-00-00:00-DB-12-34-56-78-90-A0:1200</sr:RequestID>' +
        '<sr:ResponseCode>I0</sr:ResponseCode><sr:ResponseDateTime>2020-01-01T12:00:00.000Z</sr:ResponseDateTime></sr:Header>',
    );
    expect(compact).toContain(
      '<sr:PreCommand><sr:GBCSVersion>4.0</sr:GBCSVersion><sr:GBCSPayload>3wk=</sr:GBCSPayload></sr:PreCommand>',
    );
    expect(xml).not.toContain('Signature');
  });

  it.each<[string, DuisResponse]>([
    [
      'an E4 acknowledgement without payload',
      {
        requestId,
        responseCode: 'E4',
        responseDateTime: at,
        serviceReference: '6.15',
        serviceReferenceVariant: '6.15.1',
      },
    ],
    [
      'a GBCS payload',
      {
        requestId,
        responseCode: 'I0',
        responseDateTime: at,
        serviceReference: '6.15',
        serviceReferenceVariant: '6.15.1',
        body: { kind: 'GBCSPayload', gbcsPayload: Uint8Array.of(1, 2, 3) },
      },
    ],
    [
      'a 6.15.1-specific code with a ResponseID',
      {
        requestId,
        responseId: { ...requestId, counter: 1201n },
        responseCode: 'E061504',
        responseDateTime: at,
        serviceReference: '6.15',
        serviceReferenceVariant: '6.15.1',
      },
    ],
  ])('round-trips %s', (_name, r) => {
    expect(parseDuisResponse(emitDuisResponse(r))).toEqual(r);
  });

  it('is read by @smartdcc/duis-parser with the same header and payload', () => {
    const xml = emitDuisResponse({
      requestId,
      responseCode: 'I0',
      responseDateTime: at,
      serviceReference: '6.15',
      serviceReferenceVariant: '6.15.1',
      body: { kind: 'PreCommand', gbcsPayload: Uint8Array.of(0xdf, 0x09), gbcsVersion: '4.0' },
    });
    const theirs = parseDuis('simplified', xml);
    if (theirs.header.type !== 'response') throw new Error('not a response');
    expect(theirs.header.responseCode).toBe('I0');
    expect(new Date(theirs.header.responseDateTime).toISOString()).toBe(at.toISOString());
    expect(theirs.header.requestId).toEqual({
      originatorId: '90-b3-d5-1f-30-02-00-00',
      targetId: '00-db-12-34-56-78-90-a0',
      counter: 1200n,
    });
    expect(theirs.body).toEqual({
      ResponseMessage: {
        ServiceReference: '6.15',
        ServiceReferenceVariant: '6.15.1',
        PreCommand: { GBCSPayload: '3wk=', GBCSVersion: '4.0' },
      },
    });
  });

  it.each<[string, DuisResponse]>([
    ['no service reference at all', { requestId, responseCode: 'E4', responseDateTime: at }],
    [
      'a variant without its service reference',
      { requestId, responseCode: 'I0', responseDateTime: at, serviceReferenceVariant: '6.15.1' },
    ],
    [
      'a payload without service references',
      {
        requestId,
        responseCode: 'I0',
        responseDateTime: at,
        body: { kind: 'GBCSPayload', gbcsPayload: Uint8Array.of(1) },
      },
    ],
  ])('refuses to emit a schema-invalid Body-less response: %s', (_name, r) => {
    expect(() => emitDuisResponse(r)).toThrow(expect.objectContaining({ code: 'ERR_DUIS_SCHEMA' }) as Error);
  });

  it('refuses a malformed response code on emit and parse', () => {
    const refs = { serviceReference: '6.15', serviceReferenceVariant: '6.15.1' };
    expect(() => emitDuisResponse({ requestId, responseCode: 'OK', responseDateTime: at, ...refs })).toThrow(
      DuisError,
    );
    const xml = emitDuisResponse({ requestId, responseCode: 'E4', responseDateTime: at, ...refs }).replace(
      '>E4<',
      '>bad<',
    );
    expect(() => parseDuisResponse(xml)).toThrow(
      expect.objectContaining({ code: 'ERR_DUIS_FIELD' }) as Error,
    );
  });
});
