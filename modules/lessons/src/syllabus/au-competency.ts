import type { SyllabusTemplate } from './template.ts';

/**
 * An Australian learner syllabus in the four stages the state logbooks use (NSW's Safer Drivers
 * and Queensland's competencies share them): basic control, traffic, complex traffic, ready for P.
 */
export const AU_COMPETENCY: SyllabusTemplate = {
  id: 'au',
  name: 'Australia — learner competencies (four stages)',
  source: 'State learner logbook competencies (NSW, QLD, VIC)',
  categories: [
    {
      key: 'stage1',
      name: 'Stage 1: basic car control',
      skills: [
        {
          key: 'pre_drive',
          name: 'Pre-drive procedure',
          description: 'Doors, seat, head restraint, mirrors, seatbelt.',
        },
        {
          key: 'starting_stopping',
          name: 'Starting up, moving off and stopping',
          description: 'Including securing the vehicle.',
        },
        {
          key: 'steering',
          name: 'Steering and gears',
          description: 'Forward and reverse, changing gears smoothly.',
        },
        {
          key: 'low_speed_manoeuvres',
          name: 'Low-speed manoeuvres',
          description: 'U-turns, three-point turns, reverse parallel parking.',
        },
      ],
    },
    {
      key: 'stage2',
      name: 'Stage 2: driving in traffic',
      skills: [
        {
          key: 'intersections',
          name: 'Intersections and giving way',
          description: 'Give-way rules, turning, roundabouts.',
        },
        {
          key: 'lane_changing',
          name: 'Lane changing and merging',
          description: 'Head checks, signalling, zip merging.',
        },
        {
          key: 'speed_management',
          name: 'Speed management',
          description: 'Keeping to limits, school zones.',
        },
        {
          key: 'gap_selection',
          name: 'Gap selection and crash avoidance space',
          description: 'Three-second gap, space to the sides.',
        },
      ],
    },
    {
      key: 'stage3',
      name: 'Stage 3: complex traffic',
      skills: [
        {
          key: 'multi_lane',
          name: 'Multi-lane roads and freeways',
          description: 'Entering, overtaking, exiting.',
        },
        { key: 'rural_roads', name: 'Country roads', description: 'Higher speeds, curves, overtaking.' },
        {
          key: 'hazard_perception',
          name: 'Hazard perception',
          description: 'Scanning, predicting, responding early.',
        },
        {
          key: 'night_driving',
          name: 'Driving at night',
          description: 'Counts toward the logbook’s night hours.',
        },
      ],
    },
    {
      key: 'stage4',
      name: 'Stage 4: ready for a provisional licence',
      skills: [
        {
          key: 'adverse_conditions',
          name: 'Adverse conditions',
          description: 'Rain, glare, unsealed roads.',
        },
        {
          key: 'independent_driving',
          name: 'Independent driving',
          description: 'Planning and driving a route unaided.',
        },
        {
          key: 'low_risk_driving',
          name: 'Low-risk driving review',
          description: 'Self-assessment of the whole drive.',
        },
      ],
    },
  ],
};
