import { DuisError, MAX_DUIS_BYTES, parseDuisRequest } from '../../../../simulator/duis';
import { loadTemplate } from '../../../support/dcc-material';

const NO_TEMPLATE = loadTemplate('CS02bNOByNO_6.15.1_SUCCESS_REQUEST_DUIS.XML');
const ENABLE = loadTemplate('ECS42_7.1_SUCCESS_REQUEST_DUIS.XML');

function codeOf(xml: string): string {
  try {
    parseDuisRequest(xml);
  } catch (err) {
    if (err instanceof DuisError) return err.code;
    throw err;
  }
  return 'no error';
}

describe('parseDuisRequest refusals', () => {
  it.each([
    ['oversize input, before parsing', '<a>' + ' '.repeat(MAX_DUIS_BYTES) + '</a>', 'ERR_DUIS_TOO_LARGE'],
    ['a DOCTYPE with an entity', '<!DOCTYPE x [<!ENTITY e "boom">]>' + ENABLE, 'ERR_DUIS_XML'],
    ['malformed XML', ENABLE.replace('</sr:Header>', ''), 'ERR_DUIS_XML'],
    ['empty input', '', 'ERR_DUIS_XML'],
    ['a response document', ENABLE.replace(/sr:Request/g, 'sr:Response'), 'ERR_DUIS_SCHEMA'],
    [
      'sr bound to another namespace',
      ENABLE.replace('http://www.dccinterface.co.uk/ServiceUserGateway', 'urn:x'),
      'ERR_DUIS_NAMESPACE',
    ],
    ['bad RequestID', ENABLE.replace(':1000<', ':01000<'), 'ERR_DUIS_REQUEST_ID'],
    ['counter above 2^64-1', ENABLE.replace(':1000<', ':18446744073709551616<'), 'ERR_DUIS_REQUEST_ID'],
    [
      'CommandVariant 9',
      ENABLE.replace('<sr:CommandVariant>4<', '<sr:CommandVariant>9<'),
      'ERR_DUIS_COMMAND_VARIANT',
    ],
    [
      'unsupported SRV',
      ENABLE.replace(/>7\.1</g, '>4.1<').replace('>4.1<', '>4.1<'),
      'ERR_DUIS_UNSUPPORTED_SRV',
    ],
    [
      'ServiceReference not matching the variant',
      ENABLE.replace('<sr:ServiceReference>7.1<', '<sr:ServiceReference>7.2<'),
      'ERR_DUIS_FIELD',
    ],
    [
      'a body that does not match the SRV',
      ENABLE.replace('<sr:EnableSupply/>', '<sr:DisableSupply/>'),
      'ERR_DUIS_SCHEMA',
    ],
    [
      'CV 5 without SignedPreCommand',
      ENABLE.replace('<sr:CommandVariant>4<', '<sr:CommandVariant>5<'),
      'ERR_DUIS_SCHEMA',
    ],
    [
      'ApplyTimeBasedCPVChecks not boolean',
      NO_TEMPLATE.replace('>true</sr:ApplyTimeBasedCPVChecks>', '>yes</sr:ApplyTimeBasedCPVChecks>'),
      'ERR_DUIS_FIELD',
    ],
    [
      'a negative floor',
      NO_TEMPLATE.replace('>0</sr:RemotePartyFloorSeqNumber>', '>-1</sr:RemotePartyFloorSeqNumber>'),
      'ERR_DUIS_FIELD',
    ],
    [
      'certificate that is not base64',
      NO_TEMPLATE.replace('<sr:Certificate>', '<sr:Certificate>*'),
      'ERR_DUIS_FIELD',
    ],
    [
      'elements out of order',
      NO_TEMPLATE.replace('<sr:RemotePartyFloorSeqNumber>0</sr:RemotePartyFloorSeqNumber>', '').replace(
        '<sr:ApplyTimeBasedCPVChecks>',
        '<sr:RemotePartyFloorSeqNumber>0</sr:RemotePartyFloorSeqNumber><sr:ApplyTimeBasedCPVChecks>',
      ),
      'ERR_DUIS_SCHEMA',
    ],
    [
      'an unknown element',
      NO_TEMPLATE.replace('<sr:RemotePartyRole>', '<sr:Extra>1</sr:Extra><sr:RemotePartyRole>'),
      'ERR_DUIS_SCHEMA',
    ],
    [
      'a missing RemotePartyRole',
      NO_TEMPLATE.replace('<sr:RemotePartyRole>NetworkOperator</sr:RemotePartyRole>', ''),
      'ERR_DUIS_SCHEMA',
    ],
    [
      'four path certificates',
      NO_TEMPLATE.replace(/(<sr:Certificate>[^<]+<\/sr:Certificate>)/, '$1$1$1$1'),
      'ERR_DUIS_SCHEMA',
    ],
    [
      'an execution date that is not a date',
      ENABLE.replace(
        '<sr:EnableSupply/>',
        '<sr:EnableSupply><sr:ExecutionDateTime>2030-02-30T00:00:00Z</sr:ExecutionDateTime></sr:EnableSupply>',
      ),
      'ERR_DUIS_FIELD',
    ],
    [
      'an unprefixed element',
      ENABLE.replace(
        '<sr:EnableSupply/>',
        '<sr:EnableSupply><ExecutionDateTime>2030-01-01T00:00:00Z</ExecutionDateTime></sr:EnableSupply>',
      ),
      'ERR_DUIS_NAMESPACE',
    ],
    [
      'deep nesting',
      ENABLE.replace(
        '<sr:EnableSupply/>',
        '<sr:EnableSupply>' + '<sr:a>'.repeat(200) + '</sr:a>'.repeat(200) + '</sr:EnableSupply>',
      ),
      'ERR_DUIS_XML',
    ],
  ])('rejects %s', (_name, xml, code) => {
    expect(codeOf(xml)).toBe(code);
  });

  it('ignores the XML signature and accepts the request without it', () => {
    const unsigned = ENABLE.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '');
    expect(parseDuisRequest(unsigned)).toEqual(parseDuisRequest(ENABLE));
  });

  it('reads an execution date-time with an offset as the same instant', () => {
    const xml = ENABLE.replace(
      '<sr:EnableSupply/>',
      '<sr:EnableSupply><sr:ExecutionDateTime>2030-01-15T01:30:00+01:30</sr:ExecutionDateTime></sr:EnableSupply>',
    );
    const r = parseDuisRequest(xml);
    expect(r.body).toEqual({ kind: 'EnableSupply', executionDateTime: new Date('2030-01-15T00:00:00Z') });
  });
});
