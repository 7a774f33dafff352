<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="AllStyleCategories">
  <pipe>
    <rasterrenderer type="singlebandpseudocolor" band="1" opacity="0.75" alphaBand="-1" classificationMin="0" classificationMax="1000" nodataColor="">
      <rastershader>
        <colorrampshader colorRampType="DISCRETE" classificationMode="3" clip="0" minimumValue="0" maximumValue="1000" labelPrecision="0">
            <item alpha="255" value="2" label="Tout projet serait visible (hauteur admissible ≤ 2 m)" color="#b2182b"/>
            <item alpha="255" value="7" label="2 à 7 m (maison individuelle)" color="#ef8a62"/>
            <item alpha="255" value="13" label="7 à 13 m (petit collectif R+3)" color="#fddbc7"/>
            <item alpha="255" value="25" label="13 à 25 m (entrepôt, immeuble)" color="#d1e5f0"/>
            <item alpha="255" value="60" label="25 à 60 m (chevalement, pylône)" color="#67a9cf"/>
            <item alpha="255" value="200" label="60 à 200 m (éolienne)" color="#2166ac"/>
            <item alpha="0" value="inf" label="Plus de 200 m ou sans contrainte" color="#ffffff"/>
        </colorrampshader>
      </rastershader>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" grayscaleMode="0" colorizeOn="0" colorizeRed="255" colorizeGreen="128" colorizeBlue="128" colorizeStrength="100"/>
    <rasterresampler maxOversampling="2"/>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
