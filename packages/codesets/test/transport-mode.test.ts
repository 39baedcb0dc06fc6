import { describe, expect, it } from 'vitest';
import {
  TRANSPORT_MODES,
  conveyanceReferenceRuleFor,
  describeCode,
  isTransportMode,
  isValidCode,
  modeOfTransportCodeFor,
  transportModeFor,
  typeOfIdentificationFor,
  type TransportMode,
} from '../src/index.js';

describe('transport modes (enums.md §9)', () => {
  it('maps each mode to its CL018 and CL750 codes', () => {
    expect(TRANSPORT_MODES).toEqual(['maritime', 'rail', 'road', 'air']);
    expect(TRANSPORT_MODES.map(modeOfTransportCodeFor)).toEqual(['1', '2', '3', '4']);
    expect(TRANSPORT_MODES.map(typeOfIdentificationFor)).toEqual(['10', '21', '30', '41']);
    expect(TRANSPORT_MODES.map(conveyanceReferenceRuleFor)).toEqual(['voyage-number', 'forbidden', 'forbidden', 'flight-number']);
  });

  it('round-trips through transportModeFor', () => {
    for (const mode of TRANSPORT_MODES) expect(transportModeFor(modeOfTransportCodeFor(mode))).toBe(mode);
    for (const code of ['7', '8', '9', '5', '', '03']) expect(transportModeFor(code), code).toBeUndefined();
  });

  it('uses codes that exist in CL018 and CL750 with matching descriptions', () => {
    for (const mode of TRANSPORT_MODES) {
      expect(isValidCode('CL018', modeOfTransportCodeFor(mode))).toBe(true);
      expect(isValidCode('CL750', typeOfIdentificationFor(mode))).toBe(true);
    }
    expect(describeCode('CL018', modeOfTransportCodeFor('road'))).toBe('Road Transport');
    expect(describeCode('CL018', modeOfTransportCodeFor('maritime'))).toBe('Maritime Transport');
    expect(describeCode('CL750', typeOfIdentificationFor('rail'))).toBe('Train Number');
  });

  it('refuses values that are not modes', () => {
    expect(isTransportMode('road')).toBe(true);
    expect(isTransportMode('Road')).toBe(false);
    expect(isTransportMode('sea')).toBe(false);
    expect(() => modeOfTransportCodeFor('sea' as TransportMode)).toThrow(/unknown transport mode "sea"/);
    expect(() => typeOfIdentificationFor('toString' as TransportMode)).toThrow(TypeError);
  });
});
