"""Words too common to tell anything about free-text answers (German and English), lowercase."""

GERMAN = """
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
anderm andern anders auch auf aus bei beim bin bis bist bitte bzw da dabei dadurch dafür dagegen
daher dahin damals damit danach dann daran darauf daraus darin darum darunter das dass dasselbe
davon davor dazu dein deine deinem deinen deiner deines dem demselben den denen denn denselben der
derer derselbe derselben des deshalb desselben dessen dich die dies diese dieselbe dieselben diesem
diesen dieser dieses dir doch dort du durch ebenso eher ein eine einem einen einer eines einfach
einig einige einigem einigen einiger einiges einmal er es etwa etwas euch euer eure eurem euren
eurer eures falls fast für gab gar gegen gewesen gibt ging gut habe haben hat hatte hätte hatten
hätten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im immer in indem ins
ist ja jede jedem jeden jeder jedes jedoch jemand jene jenem jenen jener jenes jetzt kann kaum
kein keine keinem keinen keiner keines können könnte man manche manchem manchen mancher manches
mehr mein meine meinem meinen meiner meines mich mir mit muss musste müssen nach nicht nichts noch
nun nur ob oder oft ohne schon sehr sein seine seinem seinen seiner seines selbst sich sie sind so
solche solchem solchen solcher solches soll sollen sollte sondern sonst sowie über um und uns
unser unsere unserem unseren unserer unseres unter viel viele vielleicht vom von vor wann war
waren warum was weil weiter welche welchem welchen welcher welches wenn wer werde werden wie
wieder will wir wird wirst wo wollen wollte würde würden zu zum zur zwar zwischen gerne mal eben
halt wäre wären damit denen dessen deren man mehr weniger ganz genau sowieso eigentlich
"""

ENGLISH = """
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just
me more most my myself no nor not now of off on once only or other our ours ourselves out over
own same she should so some such than that the their theirs them themselves then there these
they this those through to too under until up very was we were what when where which while who
whom why will with would you your yours yourself yourselves also would could please
"""

STOP_WORDS = frozenset((GERMAN + ENGLISH).split())
