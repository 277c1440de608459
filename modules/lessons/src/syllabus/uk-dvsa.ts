import type { SyllabusTemplate } from './template.ts';

/**
 * The UK learner syllabus as DVSA's driver's record sets it out for instructors: 27 skills in 8
 * groups, each taken from introduced through helped and prompted to independent and reflection.
 */
export const UK_DVSA: SyllabusTemplate = {
  id: 'uk',
  name: 'UK — DVSA learner driver syllabus',
  source: "DVSA National standard for driving cars and light vans; the driver's record for learners",
  categories: [
    {
      key: 'controls',
      name: 'Vehicle controls and safety',
      skills: [
        {
          key: 'cockpit_checks',
          name: 'Cockpit drill and safety checks',
          description: 'Doors, seat, steering, seatbelt, mirrors; show me / tell me questions.',
        },
        {
          key: 'controls_instruments',
          name: 'Controls and instruments',
          description:
            'Accelerator, clutch, gears, footbrake, parking brake, steering; reading the instruments.',
        },
        {
          key: 'moving_off_stopping',
          name: 'Moving off and stopping',
          description: 'Safely, under control, on the level, uphill, downhill and at an angle.',
        },
        {
          key: 'safe_positioning',
          name: 'Safe road positioning',
          description: 'Normal driving position, lane discipline and stopping in a safe place.',
        },
      ],
    },
    {
      key: 'observation',
      name: 'Observation and signals',
      skills: [
        {
          key: 'mirrors',
          name: 'Mirrors — vision and use',
          description: 'Mirror–signal–manoeuvre; checking blind spots.',
        },
        {
          key: 'signals',
          name: 'Signals',
          description: 'Giving correct signals in good time, and reacting to others’.',
        },
        {
          key: 'awareness_planning',
          name: 'Awareness and planning',
          description: 'Anticipating hazards and other road users; use of speed.',
        },
      ],
    },
    {
      key: 'junctions',
      name: 'Junctions',
      skills: [
        {
          key: 'approaching_junctions',
          name: 'Approaching junctions',
          description: 'Turning left and right into side roads.',
        },
        {
          key: 'emerging',
          name: 'Emerging from junctions',
          description: 'Judging gaps, open and closed junctions, T-junctions.',
        },
        {
          key: 'crossroads',
          name: 'Crossroads',
          description: 'Marked and unmarked crossroads, turning right offside to offside.',
        },
        {
          key: 'roundabouts',
          name: 'Roundabouts',
          description: 'Mini, normal, multiple and spiral roundabouts; lane choice.',
        },
      ],
    },
    {
      key: 'manoeuvres',
      name: 'Manoeuvres',
      skills: [
        { key: 'bay_parking', name: 'Bay parking', description: 'Forward and reverse into a bay.' },
        {
          key: 'parallel_parking',
          name: 'Parallel parking',
          description: 'Reversing into a space behind a parked car.',
        },
        {
          key: 'pull_up_right',
          name: 'Pulling up on the right',
          description: 'Stopping on the right, reversing two car lengths, rejoining traffic.',
        },
        { key: 'emergency_stop', name: 'Emergency stop', description: 'Stopping quickly and under control.' },
      ],
    },
    {
      key: 'traffic',
      name: 'Other road users',
      skills: [
        {
          key: 'meeting_traffic',
          name: 'Meeting traffic',
          description: 'Narrow roads, parked cars, giving and taking priority.',
        },
        {
          key: 'overtaking_clearance',
          name: 'Overtaking and clearance',
          description: 'Safe overtaking; passing cyclists and parked vehicles with room.',
        },
        {
          key: 'pedestrian_crossings',
          name: 'Pedestrian crossings',
          description: 'Zebra, pelican, puffin, toucan and equestrian crossings.',
        },
        {
          key: 'following_distance',
          name: 'Following distance',
          description: 'The two-second rule, more in the wet.',
        },
      ],
    },
    {
      key: 'higher_speed',
      name: 'Higher-speed roads',
      skills: [
        {
          key: 'dual_carriageways',
          name: 'Dual carriageways',
          description: 'Joining, lane use, overtaking and leaving.',
        },
        {
          key: 'rural_roads',
          name: 'Country roads',
          description: 'Bends, hills, national speed limit, slow vehicles and animals.',
        },
        {
          key: 'motorways',
          name: 'Motorways',
          description:
            'With a dual-controlled car and an instructor: joining, lanes, smart motorways, leaving.',
        },
      ],
    },
    {
      key: 'independent',
      name: 'Independent driving',
      skills: [
        {
          key: 'sat_nav',
          name: 'Following a sat nav',
          description: 'About 20 minutes following directions while driving safely.',
        },
        {
          key: 'traffic_signs',
          name: 'Following traffic signs',
          description: 'Reading and following road signs and markings to a destination.',
        },
      ],
    },
    {
      key: 'conditions',
      name: 'Conditions and eco-safe driving',
      skills: [
        {
          key: 'night_driving',
          name: 'Driving at night',
          description: 'Lights, dazzle, judging speed and distance in the dark.',
        },
        {
          key: 'adverse_weather',
          name: 'Adverse weather',
          description: 'Rain, fog, ice and wind; stopping distances.',
        },
        {
          key: 'eco_driving',
          name: 'Eco-safe driving',
          description: 'Smooth, planned driving that saves fuel.',
        },
      ],
    },
  ],
};
