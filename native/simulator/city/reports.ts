import { CATALOGUE, OTHER_PER_DAY, pick } from './categories.ts';
import type { CityContext } from './context.ts';
import { startArrivals } from './arrivals.ts';
import type { Cameras } from './cameras.ts';
import type { Incidents } from './incidents.ts';
import { staff } from './people.ts';
import { nearestStreet } from './locator.ts';
import type { Volunteers } from './volunteers.ts';

/**
 * Incidents that do not start with a call: digital city management's
 * inspectors, the district grid platforms' grid workers, petitions, volunteers
 * reporting with a photo from where they stand, and video patrollers filing
 * what a camera shows (with a snapshot).
 */
export class Reports {
  /**
   * `history`: an earlier hour of the day, simulated after the city went
   * live — its reports come from registered volunteers and cameras as they
   * were built, not from who is on patrol or which camera is down now.
   */
  constructor(
    private readonly ctx: CityContext,
    private readonly incidents: Incidents,
    private readonly volunteers: Volunteers,
    private readonly cameras: Cameras,
    private readonly options: { history?: boolean } = {},
  ) {}

  /** Reports arrive from now on (until `until`, for an earlier hour of the day). */
  start(until = Infinity): void {
    const { ctx } = this;
    startArrivals(ctx, OTHER_PER_DAY.city_mgmt, () => this.simple('city_mgmt', staff(ctx.random, 'cityMgmt')), until);
    startArrivals(ctx, OTHER_PER_DAY.grid, () => this.simple('grid', staff(ctx.random, 'grid')), until);
    startArrivals(ctx, OTHER_PER_DAY.petition, () => this.simple('petition', staff(ctx.random, 'petition')), until);
    startArrivals(ctx, OTHER_PER_DAY.volunteer, () => this.volunteer(), until);
    startArrivals(ctx, OTHER_PER_DAY.video, () => this.video(), until);
  }

  private simple(source: 'city_mgmt' | 'grid' | 'petition', actor: string): void {
    const def = pick(CATALOGUE[source], this.ctx.random());
    const place = def.onRoad ? this.ctx.places.onRoad() : this.ctx.places.anywhere();
    this.incidents.create({ source, def, place, actor });
  }

  private volunteer(): void {
    const { ctx } = this;
    const def = pick(CATALOGUE.volunteer, ctx.random());
    // Live: from where an on-duty volunteer stands. History: anywhere in a registered volunteer's district.
    const onDuty = this.options.history ? undefined : this.volunteers.randomOnDuty();
    const reporter = onDuty ?? this.volunteers.randomRegistered(ctx.random);
    const place = onDuty ? ctx.places.near(onDuty.district, onDuty.at) : ctx.places.anywhere(reporter.district);
    this.incidents.create({
      source: 'volunteer',
      def,
      place,
      actor: reporter.name,
      caller: { name: reporter.name },
      reporter: { id: reporter.id, name: reporter.name },
      photo: {},
    });
  }

  private video(): void {
    const { ctx } = this;
    const def = pick(CATALOGUE.video, ctx.random());
    const camera = this.cameras.randomOnline(ctx.random, def.onRoad ? 'road' : undefined, this.options.history ? 'as built' : 'now');
    const district = camera.district as never;
    const point: [number, number] = [camera.lat as number, camera.lng as number];
    const place = ctx.places.at(district, nearestStreet(district, point), point);
    if (camera.road) place.address = `${place.address}（${camera.name as string}）`;
    this.incidents.create({ source: 'video', def, place, actor: staff(ctx.random, 'video'), photo: { camera: camera.id as string } });
  }
}
