import type { MessageSchema } from './zh-CN.ts';
import * as intake from './sections/intake.ts';
import * as board from './sections/board.ts';
import * as dashboard from './sections/dashboard.ts';
import * as offers from './sections/offers.ts';
import * as categories from './sections/categories.ts';
import * as names from './sections/names.ts';
import * as cityMap from './sections/map.ts';
import * as camera from './sections/camera.ts';
import * as mapBase from './sections/map-base.ts';
import * as volunteers from './sections/volunteers.ts';
import * as photos from './sections/photos.ts';
import * as wall from './sections/wall.ts';
import * as tours from './sections/tours.ts';
import * as videoReport from './sections/video-report.ts';
import * as cameraDirectory from './sections/camera-directory.ts';
import * as workspace from './sections/workspace.ts';
import * as warnings from './sections/warnings.ts';

const en: MessageSchema = {
  app: {
    name: '鹭 Egret',
    tagline: 'Public-safety command console',
    main: 'Main content',
  },
  nav: {
    label: 'Role views',
    shortcut: 'Shortcut Alt+{n}',
  },
  roles: {
    duty_chief: 'Duty chief',
    call_taker: 'Call taker',
    video_patroller: 'Video patroller',
    none: 'No role',
  },
  locale: {
    label: 'Language',
    'zh-CN': '中文',
    en: 'English',
  },
  session: {
    signOut: 'Sign out',
    notSignedIn: 'Not signed in',
    workstation: 'Workstation',
    signOutFailed: 'Sign-out failed: {message}',
  },
  signIn: {
    demoTitle: 'Demo platform',
    demoIntro: 'This console is linked to the built-in demo platform (a simulated Xiamen). Sign in as:',
    title: 'Sign in',
    intro: 'Enter the token the platform issued for this workstation.',
    tokenLabel: 'Platform token',
    tokenHint: 'Press Enter to submit',
    submit: 'Sign in',
    submitting: 'Signing in…',
    failed: 'Sign-in failed',
    noPlatformTitle: 'No platform configured',
    noPlatform: 'This console has no city platform address configured yet, so nobody can sign in and there is no live data.',
    preview: 'You can preview the three role views (layout only, no data):',
    waitingForRole: 'Token saved; waiting for the platform to confirm who you are and your role…',
    hostUnreachable: 'Cannot reach the console host; this continues by itself once the connection is back.',
    loading: 'Reading the session…',
    tokenMissing: 'Enter the token.',
    awaitingPlatform: 'Waiting for the platform to accept the token…',
    unanswered: 'Token saved, but the platform has not answered yet (link: {state}). You are signed in as soon as it does.',
    refused: 'The platform refused this token: it is wrong or has expired. Enter a valid one.',
    platformSaid: 'The platform said: {message}',
  },
  link: {
    title: 'Platform link',
    state: {
      unconfigured: 'Unconfigured',
      signed_out: 'Signed out',
      offline: 'Offline',
      connecting: 'Connecting',
      snapshot: 'Receiving snapshot',
      live: 'Live',
      unauthorized: 'Token refused',
      update_required: 'Update required',
    },
    cursor: 'Cursor',
    head: 'Head',
    lag: 'Lag',
    progress: '{items} items received ({parts} parts)',
    retryAt: 'retrying at {time}',
    lastError: 'Last error',
    outbox: '{count} commands awaiting the platform',
    quarantine: '{count} malformed items quarantined',
    since: 'since {time}',
    unknown: 'unknown',
  },
  connection: {
    label: 'Host connection',
    state: {
      connecting: 'Connecting to host',
      connected: 'Connected to host',
      lost: 'Host connection lost',
      closed: 'Closed',
    },
    lostBanner: 'This window lost its connection to the console host: what you see may be out of date and actions are not sent.',
    retryAt: 'reconnecting at {time}',
    reason: 'Reason: {reason}',
  },
  status: {
    shell: {
      electron: 'Desktop',
      browser: 'Browser',
    },
    version: 'Version {version}',
    operator: 'Operator',
    clock: 'Current time',
    platformTime: 'Platform time ({zone})',
    platformClock: 'Platform',
    localClock: 'Local',
    embeddedPlatform: 'Embedded demo platform',
  },
  errors: {
    invalid_params: 'Invalid input',
    unknown_method: 'The host does not support this action',
    bad_frame: 'Malformed message',
    forbidden: 'Your role may not do this',
    unauthenticated: 'Sign in first',
    not_found: 'Not found',
    conflict: 'Someone else changed this meanwhile',
    unavailable: 'Unavailable',
    internal: 'Internal error in the host',
    invalid: 'The platform found the arguments invalid',
    unknown: 'Reason unknown',
  },
  views: {
    placeholder: 'Placeholder: comes in a later release; no data yet.',
    preview: 'Preview mode: no platform configured, so every role view can be opened.',
    refused: 'Your role may not open the “{view}” view; you are back on your own view.',
    linkPanel: 'Link status',
    signedOutFigures: "Open incidents and today's figures appear here after sign-in.",
    chief: {
      title: 'Duty chief workstation',
      description: "Watch today's totals and the hourly call chart, the map and the video wall; escalate, close and coordinate departments.",
      panels: {
        hourly: 'Answered calls per hour, bar chart (live)',
        map: 'Map: incidents and volunteers on duty',
        escalations: 'Incidents awaiting escalation and joint response',
      },
    },
    taker: {
      title: 'Call taker workstation',
      description: 'Answer 110/119/122/12345 calls, type the incident fast, find duplicates, dispatch departments and volunteers.',
      panels: {
        intake: 'Incident intake form',
        duplicates: 'Possible duplicate incidents',
        dispatch: 'Dispatch: departments and nearest volunteers',
      },
    },
    video: {
      title: 'Video patroller workstation',
      description: 'Cycle cameras, spot incidents and congestion, file them with a snapshot and notify departments.',
      panels: {
        wall: 'Camera wall (tiles across monitors)',
        cameras: 'Camera list and patrol cycle',
        report: 'File an incident with a snapshot',
        congestion: 'Congestion points and traffic police notices',
      },
    },
  },
  incident: {
    status: {
      new: 'New',
      verified: 'Verified',
      dispatched: 'Dispatched',
      accepted: 'Accepted',
      on_scene: 'On scene',
      resolved: 'Resolved',
      closed: 'Closed',
      cancelled: 'Cancelled',
      merged: 'Merged',
    },
    priority: 'Priority {n}',
    overdue: 'Overdue',
    noDistrict: 'No district',
  },
  districts: {
    '350203': 'Siming',
    '350205': 'Haicang',
    '350206': 'Huli',
    '350211': 'Jimei',
    '350212': "Tong'an",
    '350213': "Xiang'an",
  },
  today: {
    title: "Today's figures",
    day: 'Platform day',
    tz: 'time zone {tz}',
    callsReceived: 'Calls received',
    callsAnswered: 'Calls answered',
    answerRate: 'Answer rate',
    criminal: 'Criminal incidents',
    open: 'Open incidents',
    openByPriority: 'Open incidents by priority',
    overdue: 'Overdue',
    roads: 'Roads',
    road: {
      smooth: 'Smooth',
      slow: 'Slow',
      congested: 'Congested',
      blocked: 'Blocked',
    },
    loading: "Reading today's figures…",
    failed: "Could not read today's figures: {message}",
  },
  notices: {
    label: 'Notices',
    dismiss: 'Dismiss notice',
    commandFailed: '{name}: not done',
    level: {
      info: 'Info',
      warn: 'Warning',
      error: 'Failed',
    },
  },
  diag: {
    title: 'Diagnostics: link test',
    description: 'Send a short text; the host pushes it back over the live channel, proving the round trip.',
    inputLabel: 'Test text',
    send: 'Send',
    received: 'Received',
    empty: 'No echo received yet.',
    failed: 'Send failed: {message}',
  },
  intakeArea: intake.en,
  boardArea: board.en,
  dashboardArea: dashboard.en,
  offersArea: offers.en,
  volunteersArea: volunteers.en,
  photos: photos.en,
  categories: categories.en,
  names: names.en,
  cityMap: cityMap.en,
  camera: camera.en,
  wall: wall.en,
  tours: tours.en,
  videoReport: videoReport.en,
  cameraDirectory: cameraDirectory.en,
  mapBase: mapBase.en,
  workspace: workspace.en,
  warnings: warnings.en,
};

export default en;
