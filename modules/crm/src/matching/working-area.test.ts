import { describe, expect, it } from 'vitest';
import { matchArea, outwardCode, postcodeArea } from './working-area.ts';

describe('working area postcode matching (no network)', () => {
  it('takes the outward code of full and partial postcodes', () => {
    expect(outwardCode('N7 8AB')).toBe('N7');
    expect(outwardCode('n78ab')).toBe('N7');
    expect(outwardCode('SW1A 1AA')).toBe('SW1A');
    expect(outwardCode('EC1')).toBe('EC1');
    expect(postcodeArea('SW1A')).toBe('SW');
  });
  it('district beats area; no list is unknown; elsewhere is outside', () => {
    expect(matchArea({ postcodes: ['N1', 'N7'] }, 'N7 8AB')).toBe('district');
    expect(matchArea({ postcodes: ['n'] }, 'N7 8AB')).toBe('area');
    expect(matchArea({ postcodes: ['N1'] }, 'N7 8AB')).toBe('outside');
    expect(matchArea({ postcodes: ['N17'] }, 'N1 9GU')).toBe('outside');
    expect(matchArea({ lat: 51.5, lng: -0.1, radiusKm: 5 }, 'N7 8AB')).toBe('unknown');
    expect(matchArea(null, 'N7 8AB')).toBe('unknown');
    expect(matchArea({ postcodes: ['N7'] }, null)).toBe('unknown');
  });
});
