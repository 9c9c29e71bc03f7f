import { CertsError, euiToBytes, formatEuiHyphenated, isEui, parseEui } from '../../../certs';

describe('EUI-64 parsing and formatting', () => {
  it('accepts compact, lower-case, hyphenated and byte forms as the same EUI', () => {
    const forms = [
      '90B3D51F30020000',
      '90b3d51f30020000',
      '90-B3-D5-1F-30-02-00-00',
      Uint8Array.of(0x90, 0xb3, 0xd5, 0x1f, 0x30, 0x02, 0, 0),
    ];
    expect(forms.map((f) => parseEui(f))).toEqual(Array(4).fill('90B3D51F30020000'));
  });

  it('formats hyphenated and round-trips through bytes', () => {
    const eui = parseEui('00db123456780004');
    expect(formatEuiHyphenated(eui)).toBe('00-DB-12-34-56-78-00-04');
    expect(parseEui(euiToBytes(eui))).toBe(eui);
  });

  it.each(['', '90B3D51F3002000', '90B3D51F300200000', '90-B3-D5-1F-30-02-0000', 'G0B3D51F30020000'])(
    'refuses %j with ERR_EUI_FORMAT',
    (text) => {
      expect(() => parseEui(text)).toThrow(expect.objectContaining({ code: 'ERR_EUI_FORMAT' }) as CertsError);
      expect(isEui(text)).toBe(false);
    },
  );

  it('refuses byte arrays that are not 8 bytes', () => {
    expect(() => parseEui(new Uint8Array(7))).toThrow(CertsError);
  });
});
