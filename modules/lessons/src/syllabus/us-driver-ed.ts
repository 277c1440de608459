import type { SyllabusTemplate } from './template.ts';

/** A US behind-the-wheel driver education syllabus (the common ground of state driver-ed curricula). */
export const US_DRIVER_ED: SyllabusTemplate = {
  id: 'us',
  name: 'US — behind-the-wheel driver education',
  source: 'State driver education curricula (behind-the-wheel hours for a provisional license)',
  categories: [
    {
      key: 'pre_drive',
      name: 'Pre-drive and vehicle controls',
      skills: [
        {
          key: 'pre_drive_checks',
          name: 'Pre-drive checks',
          description: 'Around-the-vehicle check, seat, mirrors, belts.',
        },
        {
          key: 'vehicle_controls',
          name: 'Vehicle controls',
          description: 'Accelerator, brake, steering (hand-to-hand, push-pull), gear selector.',
        },
        {
          key: 'starting_stopping',
          name: 'Starting, stopping and backing',
          description: 'Smooth starts, stops at the line, backing in a straight line.',
        },
      ],
    },
    {
      key: 'basic',
      name: 'Basic maneuvers',
      skills: [
        {
          key: 'lane_position',
          name: 'Lane position and speed control',
          description: 'Staying centered, matching the limit and conditions.',
        },
        {
          key: 'turns',
          name: 'Right and left turns',
          description: 'Signals, searching, turning into the correct lane.',
        },
        {
          key: 'lane_changes',
          name: 'Lane changes',
          description: 'Mirrors, blind spot, signal, smooth change.',
        },
      ],
    },
    {
      key: 'intersections',
      name: 'Intersections and right of way',
      skills: [
        {
          key: 'stop_signs',
          name: 'Stop signs and four-way stops',
          description: 'Full stops, right of way, creeping for view.',
        },
        {
          key: 'signals_lights',
          name: 'Traffic signals',
          description: 'Stale greens, protected and unprotected left turns.',
        },
        {
          key: 'right_of_way',
          name: 'Yielding and right of way',
          description: 'Pedestrians, school buses, emergency vehicles.',
        },
      ],
    },
    {
      key: 'parking',
      name: 'Parking and turnabouts',
      skills: [
        {
          key: 'parallel_parking',
          name: 'Parallel parking',
          description: 'Into a space between two vehicles.',
        },
        {
          key: 'angle_perpendicular',
          name: 'Angle and perpendicular parking',
          description: 'Forward and reverse into stalls.',
        },
        {
          key: 'three_point_turn',
          name: 'Three-point turn',
          description: 'Turning around in a narrow street.',
        },
        {
          key: 'hill_parking',
          name: 'Parking on hills',
          description: 'Wheel positions uphill and downhill, with and without a curb.',
        },
      ],
    },
    {
      key: 'highway',
      name: 'Highway and freeway',
      skills: [
        { key: 'merging', name: 'Entering and merging', description: 'Acceleration lanes, gap selection.' },
        {
          key: 'freeway_driving',
          name: 'Freeway driving',
          description: 'Following distance, passing, exiting.',
        },
        {
          key: 'rural_driving',
          name: 'Rural and two-lane roads',
          description: 'Curves, passing zones, railroad crossings.',
        },
      ],
    },
    {
      key: 'defensive',
      name: 'Defensive driving and conditions',
      skills: [
        {
          key: 'hazard_search',
          name: 'Searching and hazard recognition',
          description: 'Scanning 12–15 seconds ahead; space cushions.',
        },
        {
          key: 'night_driving',
          name: 'Night driving',
          description: 'Headlights, glare, reduced visibility.',
        },
        {
          key: 'adverse_conditions',
          name: 'Adverse conditions',
          description: 'Rain, snow, skids and hydroplaning.',
        },
      ],
    },
  ],
};
