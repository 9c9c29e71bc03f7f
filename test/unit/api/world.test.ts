import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referenceWorld, worldFromFile, worldFromScenario } from '../../../api/world';

const tmp = () => mkdtempSync(join(tmpdir(), 'smets1-api-world-'));

describe('worlds', () => {
  it('reads back a world file it wrote', () => {
    const file = join(tmp(), 'w.json');
    const world = referenceWorld();
    writeFileSync(file, JSON.stringify(world));
    expect(worldFromFile(file)).toEqual(world);
  });

  it('gives coded errors for a missing file, non-JSON and a schema violation', () => {
    const dir = tmp();
    expect(() => worldFromFile(join(dir, 'absent.json'))).toThrow(
      expect.objectContaining({ code: 'ERR_API_FILE' }),
    );
    writeFileSync(join(dir, 'bad.json'), '{');
    expect(() => worldFromFile(join(dir, 'bad.json'))).toThrow(
      expect.objectContaining({ code: 'ERR_WORLD_JSON' }),
    );
    writeFileSync(join(dir, 'schema.json'), JSON.stringify({ ...referenceWorld(), extra: 1 }));
    expect(() => worldFromFile(join(dir, 'schema.json'))).toThrow(
      expect.objectContaining({ code: 'ERR_WORLD_SCHEMA' }),
    );
  });

  it('builds the world of a catalogue scenario, and refuses an unknown id', () => {
    const world = worldFromScenario('KRP-MIS-001');
    expect(world.devices.length).toBeGreaterThan(0);
    expect(() => worldFromScenario('KRP-NOPE-999')).toThrow(
      expect.objectContaining({ code: 'ERR_API_SCENARIO' }),
    );
    expect(() => worldFromScenario('KRP-MIS-001', { catalogue: tmp() })).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^ERR_SCENARIO_/) as unknown }),
    );
  });
});
