// Invented for test data: common first names and surnames combined at random, never a real record.
export const FORENAMES = [
  'Amara', 'Ben', 'Carys', 'Dylan', 'Efa', 'Finley', 'Grace', 'Harri', 'Isla', 'Jac', 'Kai', 'Layla', 'Mo', 'Nia',
  'Oscar', 'Priya', 'Quinn', 'Rhys', 'Sana', 'Theo', 'Uma', 'Verity', 'Wil', 'Xander', 'Yusuf', 'Zara', 'Aled', 'Bea',
  'Cerys', 'Deri', 'Elin', 'Femi', 'Gwen', 'Hamza', 'Ifan', 'Jade', 'Kiran', 'Lowri', 'Mali', 'Noah',
];
export const SURNAMES = [
  'Ashdown', 'Brightwater', 'Calloway', 'Dunmore', 'Ellerby', 'Fairweather', 'Greenhalgh', 'Hollins', 'Ingleby',
  'Jessop', 'Kettering', 'Larkworthy', 'Merriman', 'Northcott', 'Oakhurst', 'Pennyfeather', 'Quarrie', 'Rainford',
  'Stallworth', 'Thistlewood', 'Underhill', 'Vantage', 'Whitlock', 'Yardley', 'Zephyr',
];
export const TOWN = 'Brookfield';
export const STREETS = ['Mill Lane', 'Station Road', 'Orchard Way', 'Church Street', 'Meadow Close', 'Canal Side', 'Park View', 'High Street'];
